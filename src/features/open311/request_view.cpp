#include "features/open311/request_view.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "features/cases/taxonomy.hpp"
#include "features/open311/request_store.hpp"

namespace gridgov::open311 {
namespace json = boost::json;
using cases::State;

const char* open311_status(State s) {
  switch (s) {
    case State::kClosed:
    case State::kEvaluated:
    case State::kRejected:
    case State::kMerged:
      return "closed";
    default:
      return "open";
  }
}

namespace {

// What a history entry says happened, in the reader's language.
std::string summary(const std::string& action, bool en) {
  static const std::map<std::string, std::string> others = {{"report", "上报"},
                                                            {"whistle", "吹哨"},
                                                            {"whistle_report", "部门报到"},
                                                            {"whistle_rate", "评价报到"},
                                                            {"take_charge", "领导包案"},
                                                            {"supervise", "督办"},
                                                            {"urge", "催办"},
                                                            {"merged_in", "并入重复件"},
                                                            {"escalate", "超期升级"}};
  if (en) {
    std::string s = action;
    for (char& ch : s)
      if (ch == '_') ch = ' ';
    return s;
  }
  if (auto a = cases::parse_action(action)) return cases::action_zh(*a);
  auto it = others.find(action);
  return it != others.end() ? it->second : action;
}

double rounded(double v, bool exact) {
  return exact ? v : std::round(v * 1000.0) / 1000.0;  // ~100 m for anyone else
}

}  // namespace

json::object RequestView::operator()(const cases::Case& c) {
  const bool en = options_.english;
  const bool detail =
      !options_.detail_scope.empty() && path_covers(options_.detail_scope, c.node_path);
  auto category = cases::find_category(c.category);
  const tree::Node* place = nodes_.get(c.node_id);
  const tree::Node* agency = nodes_.get(c.assignee_id);
  std::string state_name = en ? cases::to_string(c.state) : cases::state_zh(c.state);
  std::vector<cases::HistoryRow> history;
  if (detail || options_.extensions) history = cases::case_history(sql_, c.id);

  // status_notes: why it stands where it does.
  std::string notes = state_name;
  if (c.state == State::kMerged && c.merged_into) {
    auto target = cases::find_case(sql_, c.merged_into);
    if (target) notes += (en ? ": merged into " : "：并入 ") + target->code;
  } else if (detail) {
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
      if (!it->note.empty() && it->action != "report") {
        notes += (en ? ": " : "：") + it->note;
        break;
      }
    }
  }

  json::object o;
  o["service_request_id"] = c.code;
  o["status"] = open311_status(c.state);
  o["status_notes"] = notes;
  o["service_name"] = category ? (en ? category->en : category->zh) : c.category;
  o["service_code"] = c.category;
  if (detail) {
    // Posted through Open311, the description is the whole text and the title its first
    // line; from other channels the title stands apart. Nothing posted: none.
    std::string service = category ? category->zh : "";
    if (!c.description.empty())
      o["description"] =
          c.description.starts_with(c.title) ? c.description : c.title + "\n" + c.description;
    else
      o["description"] = c.title == service ? json::value(nullptr) : json::value(c.title);
  } else {
    o["description"] = nullptr;  // free text may name people: only for the key holder
  }
  o["agency_responsible"] = agency ? json::value(agency->name) : json::value(nullptr);
  o["service_notice"] = nullptr;
  o["requested_datetime"] = iso8601_cst(c.created_at);
  o["updated_datetime"] = iso8601_cst(c.updated_at);
  o["expected_datetime"] =
      c.close_deadline ? json::value(iso8601_cst(c.close_deadline)) : json::value(nullptr);
  std::string place_name = place ? place->name : "";
  o["address"] = detail && !c.address.empty() ? c.address : place_name;
  o["address_id"] =
      detail && c.building_id ? json::value(id_to_string(c.building_id)) : json::value(nullptr);
  o["zipcode"] = nullptr;
  o["lat"] = c.lat ? json::value(rounded(*c.lat, detail)) : json::value(nullptr);
  o["long"] = c.lng ? json::value(rounded(*c.lng, detail)) : json::value(nullptr);
  json::value media = nullptr;
  if (detail) {
    auto posted = by_case(sql_, c.id);
    if (posted && !posted->media_url.empty()) media = posted->media_url;
  }
  o["media_url"] = media;

  if (options_.extensions) {
    json::array list;
    for (const auto& h : history) {
      json::object n{{"datetime", iso8601_cst(h.at)},
                     {"summary", summary(h.action, en)},
                     {"type", h.to_state == "closed" ? "closed" : "activity"}};
      if (detail && !h.note.empty()) n["description"] = h.note;
      list.push_back(std::move(n));
    }
    o["extended_attributes"] = json::object{{"state", cases::to_string(c.state)},
                                            {"state_name", state_name},
                                            {"channel", c.channel},
                                            {"kind", c.kind},
                                            {"urgency", c.urgency},
                                            {"place_code", place ? place->code : ""},
                                            {"deadline_status", c.deadline_status},
                                            {"notes", std::move(list)}};
  }
  return o;
}

}  // namespace gridgov::open311
