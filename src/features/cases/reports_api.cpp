// Routes for the loop's measures and hotspots (未诉先办).
#include <soci/soci.h>
#include <boost/json.hpp>
#include <cmath>

#include "features/cases/api.hpp"
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
Response hotspots(Services& svc, Request& req) {
  auto id = parse_id(req.param("id"));
  auto node = id ? svc.db.read([&](soci::session& s) { return tree::get(s, *id); }) : std::nullopt;
  if (!node || !svc.authz.can(*req.principal, "case.read", node->path)) {
    return http::error_response(req, Error::not_found("节点", "Node"));
  }
  HotspotRules rules;
  if (auto w = req.query_param("weeks")) {
    if (!text::all_digits(*w) || w->size() > 2 || std::stoi(*w) < 2 || std::stoi(*w) > 26) {
      return http::error_response(
          req, Error::invalid("weeks", "weeks 须在 2–26 之间", "weeks must be 2–26"));
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
    const Category* cat = find_category(h.category);
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

json::object measures_json(const Counts& c) {
  Rates r = rates_of(c);
  auto pct = [](double v, long long denominator) {
    return denominator > 0 ? json::value(std::round(v * 1000.0) / 10.0) : json::value(nullptr);
  };
  return json::object{
      {"received", c.received},
      {"dispatched", c.dispatched},
      {"closed", c.closed},
      {"evaluated", c.evaluated},
      {"response_rate", pct(r.response, c.dispatched)},
      {"resolution_rate", pct(r.resolution, c.evaluated)},
      {"satisfaction_rate", pct(r.satisfaction, c.evaluated)},
      {"on_time_closure_rate", pct(r.on_time_closure, c.closed)},
      {"rework_rate", pct(r.rework, c.handled)},
      {"return_rate", pct(r.returns, c.dispatched)},
      {"average_handling_hours",
       c.closed > 0 ? json::value(std::round(r.average_handling_hours * 10.0) / 10.0)
                    : json::value(nullptr)}};
}

// GET /api/v1/nodes/{id}/measures?from=&to=: the loop's measures (docs/measures.md) for
// cases reported in [from, to) at and below a node, and for each child, ranked by satisfaction.
Response measures(Services& svc, Request& req) {
  auto id = parse_id(req.param("id"));
  auto node = id ? svc.db.read([&](soci::session& s) { return tree::get(s, *id); }) : std::nullopt;
  if (!node || !svc.authz.can(*req.principal, "case.read", node->path)) {
    return http::error_response(req, Error::not_found("节点", "Node"));
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
  Millis now = svc.clock.now_ms();
  auto from = bound("from", now - 30LL * 24 * 3600 * 1000);
  if (!from) return http::error_response(req, from.error());
  auto to = bound("to", now + 1);
  if (!to) return http::error_response(req, to.error());
  if (*to <= *from)
    return http::error_response(
        req, Error::invalid("to", "结束时间须晚于开始时间", "to must be after from"));
  auto [total, children] = svc.db.read([&](soci::session& s) {
    std::vector<std::pair<tree::Node, Counts>> kids;
    for (const auto& child : tree::children(s, node->id, 1000, "")) {
      kids.emplace_back(child, count_cases(s, child.path, *from, *to));
    }
    return std::make_pair(count_cases(s, node->path, *from, *to), kids);
  });
  std::stable_sort(children.begin(), children.end(), [](const auto& a, const auto& b) {
    return rates_of(a.second).satisfaction > rates_of(b.second).satisfaction;
  });
  json::array ranked;
  for (const auto& [child, counts] : children) {
    if (counts.received == 0) continue;
    json::object o = measures_json(counts);
    o["node"] =
        json::object{{"id", id_to_string(child.id)}, {"name", child.name}, {"code", child.code}};
    ranked.push_back(std::move(o));
  }
  return http::ok_json(
      json::object{{"node", {{"id", id_to_string(node->id)}, {"name", node->name}}},
                   {"from", *from},
                   {"to", *to},
                   {"measures", measures_json(total)},
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
