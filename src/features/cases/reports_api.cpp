// Routes for the loop's measures and hotspots (未诉先办).
#include <soci/soci.h>
#include <boost/json.hpp>
#include <cmath>

#include "features/cases/api.hpp"
#include "features/cases/daily.hpp"
#include "features/cases/hotspots.hpp"
#include "features/cases/measures.hpp"
#include "features/cases/store.hpp"
#include "features/cases/taxonomy.hpp"
#include "features/org/buildings.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/text/text.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::cases {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// GET /api/v1/nodes/{id}/hotspots?weeks=4: places × categories whose reports recur
// or rise (未诉先办), with what to expect next week.
http::Reply hotspots(Services& svc, Request& req) {
  auto id = parse_id(req.param("id"));
  auto node = id ? svc.db.read([&](soci::session& s) { return tree::get(s, *id); }) : std::nullopt;
  if (!node || !svc.authz.can(*req.principal, "case.read", node->path)) {
    return Error::not_found("节点", "Node");
  }
  HotspotRules rules;
  if (auto w = req.query_param("weeks")) {
    if (!text::all_digits(*w) || w->size() > 2 || std::stoi(*w) < 2 || std::stoi(*w) > 26) {
      return Error::invalid("weeks", "weeks 须在 2–26 之间", "weeks must be 2–26");
    }
    rules.weeks = std::stoi(*w);
  }
  Millis now = svc.clock.now_ms();
  auto found = svc.db.read([&](soci::session& s) {
    auto reports = store::placed_reports(s, node->path, now - rules.weeks * 7LL * 24 * 3600 * 1000);
    std::vector<std::pair<Hotspot, std::string>> named;
    for (auto& h : find_hotspots(reports, now, rules)) {
      std::string place;
      if (h.building_id) {
        auto b = org::buildings::get(s, h.building_id);
        place = b ? (b->spec.address.empty() ? b->node.name : b->spec.address) : "";
      } else {
        double lat = (h.cell / 10000000LL) * store::kCellDegrees - 90.0 + store::kCellDegrees / 2;
        double lng = (h.cell % 10000000LL) * store::kCellDegrees - 180.0 + store::kCellDegrees / 2;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.5f, %.5f", lng, lat);
        place = buf;
      }
      named.emplace_back(std::move(h), std::move(place));
    }
    return named;
  });
  json::array items;
  for (const auto& [h, place] : found) {
    auto cat = find_category(h.category);
    json::array weekly;
    for (int n : h.weekly) weekly.push_back(n);
    std::string why = h.rising ? "上升" : "反复";
    items.push_back(json::object{
        {"place", place},
        {"building_id",
         h.building_id ? json::value(id_to_string(h.building_id)) : json::value(nullptr)},
        {"category", h.category},
        {"category_zh", cat ? cat->zh : h.category},
        {"weekly", weekly},
        {"total", h.total},
        {"rising", h.rising},
        {"recurring", h.recurring},
        {"expected_next_week", h.expected_next_week},
        {"proposal", "「" + place + "」" + (cat ? cat->zh : h.category) + "问题" + why +
                         "，预计下周约 " + std::to_string(h.expected_next_week) +
                         " 件，建议提前安排巡查处置"}});
  }
  return http::ok_json(json::object{{"weeks", rules.weeks}, {"items", items}});
}

// GET /api/v1/nodes/{id}/measures?from=&to=: the loop's measures (docs/measures.md) for
// cases reported in [from, to) at and below a node, by category, and for each child ranked
// by satisfaction. A department's measures cover the cases dispatched to it.
http::Reply measures(Services& svc, Request& req) {
  auto id = parse_id(req.param("id"));
  auto node = id ? svc.db.read([&](soci::session& s) { return tree::get(s, *id); }) : std::nullopt;
  if (!node || !svc.authz.can(*req.principal, "case.read", node->path)) {
    return Error::not_found("节点", "Node");
  }
  auto bound = [&](const char* key, Millis fallback) -> Result<Millis> {
    auto v = req.query_param(key);
    if (!v || v->empty()) return fallback;
    auto n = parse_id(*v);
    if (!n)
      return Error::invalid(key, std::string(key) + " 须为毫秒时间戳",
                            std::string(key) + " must be epoch milliseconds");
    return *n;
  };
  // By default the last 30 days, today included, in whole Beijing days.
  constexpr Millis kDay = 24LL * 3600 * 1000;
  Millis today = cst_day_start(svc.clock.now_ms());
  auto from = bound("from", today - 29 * kDay);
  if (!from) return from.error();
  auto to = bound("to", today + kDay);
  if (!to) return to.error();
  if (*to <= *from) return Error::invalid("to", "结束时间须晚于开始时间", "to must be after from");
  // Whole days at a grid or above: the daily aggregates; else the cases themselves.
  bool whole_days = cst_day_start(*from) == *from && cst_day_start(*to) == *to;
  bool department = node->level == tree::kDepartment;
  bool from_daily = whole_days && !department && daily::covers(node->path);
  std::string from_day = cst_day(*from), to_day = cst_day(*to);

  struct Answer {
    Counts total;
    std::map<std::string, Counts> categories;
    std::vector<std::pair<tree::Node, Counts>> children;
  };
  Answer a = svc.db.read([&](soci::session& s) {
    Answer out;
    auto kids = tree::children(s, node->id, 1000, "");
    auto scope_of = [](const tree::Node& n) {
      return n.level == tree::kDepartment ? CaseScope::kAssignee : CaseScope::kPlace;
    };
    if (from_daily) {
      auto sums = daily::sums(s, node->path, from_day, to_day);
      const auto& parts = sums.by_part;
      out.total = sums.total;
      out.categories = daily::categories_from_cases(node->path)
                           ? count_cases_by(s, node->path, *from, *to, CaseScope::kPlace, true)
                           : std::move(sums.by_category);
      for (const auto& child : kids) {
        Counts sum;
        if (child.level == tree::kDepartment) {
          sum = count_cases(s, child.path, *from, *to, CaseScope::kAssignee);
        } else if (daily::covers(child.path)) {
          for (const auto& [path, counts] : parts)
            if (path_covers(child.path, path)) sum += counts;
        } else {
          sum = count_cases(s, child.path, *from, *to);
        }
        out.children.emplace_back(child, sum);
      }
    } else {
      CaseScope scope = department ? CaseScope::kAssignee : CaseScope::kPlace;
      out.categories = count_cases_by(s, node->path, *from, *to, scope, true);
      for (const auto& [cat, counts] : out.categories) out.total += counts;
      for (const auto& child : kids)
        out.children.emplace_back(child, count_cases(s, child.path, *from, *to, scope_of(child)));
    }
    return out;
  });
  std::stable_sort(a.children.begin(), a.children.end(), [](const auto& x, const auto& y) {
    return rates_of(x.second).satisfaction > rates_of(y.second).satisfaction;
  });
  json::array ranked;
  for (const auto& [child, counts] : a.children) {
    if (counts.received == 0) continue;
    json::object o = measures_json(counts);
    o["node"] = json::object{{"id", id_to_string(child.id)},
                             {"name", child.name},
                             {"code", child.code},
                             {"level", child.level}};
    ranked.push_back(std::move(o));
  }
  json::array categories;
  for (const auto& [cat, counts] : a.categories) {
    if (counts.received == 0) continue;
    json::object o = measures_json(counts);
    auto c = find_category(cat);
    o["category"] = cat;
    o["category_zh"] = c ? c->zh : cat;
    categories.push_back(std::move(o));
  }
  return http::ok_json(
      json::object{{"node", {{"id", id_to_string(node->id)}, {"name", node->name}}},
                   {"from", *from},
                   {"to", *to},
                   {"source", from_daily ? "daily" : "cases"},
                   {"measures", measures_json(a.total)},
                   {"categories", categories},
                   {"children", ranked}});
}

}  // namespace

void report_routes(http::Router& router, Services& svc) {
  router.add("GET", "/api/v1/nodes/{id}/hotspots", http::bind(svc, hotspots),
             {.summary = "Places where reports recur or rise (未诉先办)"});
  router.add("GET", "/api/v1/nodes/{id}/measures", http::bind(svc, measures),
             {.summary = "The loop's measures for a node and its children, ranked"});
}

}  // namespace gridgov::cases
