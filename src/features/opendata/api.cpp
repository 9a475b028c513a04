// Open data (政务数据开放): the cases of a period and place with everything
// personal removed, and the loop's measures for a place and its parts — as
// JSON, CSV or xlsx (?format=), for anyone to download and reuse.
#include <soci/soci.h>

#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "features/cases/measures.hpp"
#include "features/cases/reads.hpp"
#include "features/cases/taxonomy.hpp"
#include "features/opendata/api.hpp"
#include "platform/config/config.hpp"
#include "platform/http/export.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::opendata {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr int kLongestPeriodDays = 366;

struct Scope {
  tree::Node node;
  Millis from = 0, to = 0;  // [from, to): whole Beijing days
};

// ?node=<division code>&from=YYYY-MM-DD&to=YYYY-MM-DD (both days included).
Result<Scope> scope_of(Services& svc, const Request& req) {
  auto code = req.query_param("node").value_or("");
  if (code.empty() || code.size() > 20 || code.find_first_not_of("0123456789") != std::string::npos)
    return Error::invalid("node", "请给出地区或网格的代码（如 420102002000）",
                          "Give the place's code (e.g. 420102002000)");
  auto node = svc.db.read([&](soci::session& s) { return tree::get_by_code(s, code); });
  if (!node || node->status != "active" || node->level == tree::kDepartment)
    return Error::not_found("地区", "Place");
  Scope out{*node};
  for (auto [key, slot] : {std::pair{"from", &out.from}, std::pair{"to", &out.to}}) {
    auto v = req.query_param(key).value_or("");
    auto t = v.size() == 10 ? parse_iso8601(v) : std::nullopt;
    if (!t)
      return Error::invalid(key, std::string(key) + " 须为日期 YYYY-MM-DD",
                            std::string(key) + " must be a date YYYY-MM-DD");
    *slot = *t;
  }
  out.to += kDayMs;  // the last day included
  if (out.to <= out.from || out.to - out.from > kLongestPeriodDays * kDayMs)
    return Error::invalid("to", "期间须为 1 到 366 天", "The period must be 1 to 366 days");
  return out;
}

// Names of the places along a path, remembered across one download.
class Places {
 public:
  explicit Places(soci::session& sql) : nodes_(sql) {}
  // The ancestors (and the node itself) by level: "district" → 江岸区 …
  std::map<std::string, const tree::Node*> along(const std::string& path) {
    std::map<std::string, const tree::Node*> out;
    std::size_t at = 1;
    while (at < path.size()) {
      auto slash = path.find('/', at);
      if (slash == std::string::npos) break;
      if (auto id = parse_id(path.substr(at, slash - at)))
        if (const tree::Node* n = get(*id)) out[n->level] = n;
      at = slash + 1;
    }
    return out;
  }
  const tree::Node* get(Id id) { return nodes_.get(id); }

 private:
  tree::NodeCache nodes_;
};

double coarse(double v) {
  return std::round(v * 1000.0) / 1000.0;  // ~100 m: where, not whose door
}

// GET /api/v1/open-data/cases?node=&from=&to=&format=json|csv|xlsx
http::Reply cases_of(Services& svc, Request& req) {
  auto scope = scope_of(svc, req);
  if (!scope) return scope.error();
  bool en = req.english();
  int limit = static_cast<int>(svc.config.integer("export.max_rows"));
  json::array items;
  bool truncated = false;
  svc.db.read([&](soci::session& sql) {
    cases::CaseSearch s;
    s.scope = scope->node.path;
    s.created_from = scope->from;
    s.created_to = scope->to;
    s.oldest_first = true;
    s.limit = limit + 1;
    auto rows = cases::search_cases(sql, s);
    truncated = static_cast<int>(rows.size()) > limit;
    if (truncated) rows.resize(static_cast<std::size_t>(limit));
    Places places(sql);
    auto name_at = [](const std::map<std::string, const tree::Node*>& m, const char* level) {
      auto it = m.find(level);
      return it == m.end() ? json::value(nullptr) : json::value(it->second->name);
    };
    for (const auto& c : rows) {
      auto along = places.along(c.node_path);
      auto category = cases::find_category(c.category);
      const tree::Node* place = places.get(c.node_id);
      const tree::Node* agency = places.get(c.assignee_id);
      bool closed = c.closed_at > 0;
      json::object o{
          {"code", c.code},
          {"reported_at", iso8601_cst(c.created_at)},
          {"category", c.category},
          {"category_name", category ? (en ? category->en : category->zh) : c.category},
          {"kind", c.kind},
          {"channel", c.channel},
          {"urgency", c.urgency},
          {"state", cases::to_string(c.state)},
          {"state_name", en ? cases::to_string(c.state) : cases::state_zh(c.state)},
          {"closed_at", closed ? json::value(iso8601_cst(c.closed_at)) : json::value(nullptr)},
          {"closed_on_time", closed && c.close_deadline
                                 ? json::value(c.closed_at <= c.close_deadline)
                                 : json::value(nullptr)},
          {"resolved", c.resolved ? json::value(*c.resolved) : json::value(nullptr)},
          {"satisfied", c.satisfied ? json::value(*c.satisfied) : json::value(nullptr)},
          {"district", name_at(along, "district")},
          {"street", name_at(along, "street")},
          {"community", name_at(along, "community")},
          {"grid", name_at(along, "grid")},
          {"place_code", place ? place->code : ""},
          {"agency", agency ? json::value(agency->name) : json::value(nullptr)},
          {"lng", c.lng ? json::value(coarse(*c.lng)) : json::value(nullptr)},
          {"lat", c.lat ? json::value(coarse(*c.lat)) : json::value(nullptr)}};
      items.push_back(std::move(o));
    }
  });
  json::object out{{"node", json::object{{"code", scope->node.code}, {"name", scope->node.name}}},
                   {"from", cst_date(scope->from)},
                   {"to", cst_date(scope->to - kDayMs)},
                   {"truncated", truncated},
                   {"items", std::move(items)}};
  return http::ok_json(out);
}

// GET /api/v1/open-data/measures?node=&from=&to=&format=: the place and each of its parts.
http::Reply measures_of(Services& svc, Request& req) {
  auto scope = scope_of(svc, req);
  if (!scope) return scope.error();
  json::array items;
  svc.db.read([&](soci::session& sql) {
    std::vector<tree::Node> places{scope->node};
    for (auto& child : tree::children(sql, scope->node.id, 1000, ""))
      if (child.level != tree::kDepartment && child.status == "active")
        places.push_back(std::move(child));
    for (const auto& n : places) {
      json::object o{{"code", n.code}, {"name", n.name}, {"level", n.level}};
      for (auto& [k, v] :
           cases::measures_json(cases::count_cases(sql, n.path, scope->from, scope->to)))
        o[k] = v;
      items.push_back(std::move(o));
    }
  });
  return http::ok_json(
      json::object{{"node", json::object{{"code", scope->node.code}, {"name", scope->node.name}}},
                   {"from", cst_date(scope->from)},
                   {"to", cst_date(scope->to - kDayMs)},
                   {"items", std::move(items)}});
}

}  // namespace

void routes(http::Router& router, Services& svc) {
  router.add(
      "GET", "/api/v1/open-data/cases", http::exportable(svc, cases_of, "opendata.cases"),
      {.requires_auth = false,
       .summary = "Open data: a period's cases at a place, nothing personal (json/csv/xlsx)"});
  router.add(
      "GET", "/api/v1/open-data/measures", http::exportable(svc, measures_of, "opendata.measures"),
      {.requires_auth = false,
       .summary = "Open data: the loop's measures for a place and its parts (json/csv/xlsx)"});
}

}  // namespace gridgov::opendata
