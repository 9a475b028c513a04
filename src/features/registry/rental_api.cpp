// Routes for rental housing (房屋管家): a house's grade and its history, patrol
// records, and the patrols due in a place.
#include <soci/soci.h>
#include <boost/json.hpp>
#include <map>

#include "features/org/api.hpp"
#include "features/org/buildings.hpp"
#include "features/registry/api.hpp"
#include "features/registry/rental.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/export.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::registry {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// GET /api/v1/houses/{id}/grade: the rented house's grade, why, and every change of grade.
http::Reply grade(Services& svc, Request& req) {
  auto at = house_for(svc, req, req.param("id"), "person.read");
  if (!at) return at.error();
  Id house_id = at->house.id;
  auto [current, history] = svc.db.read([&](soci::session& s) {
    auto now = current_grade(s, house_id);
    return std::pair{
        now ? json::value(json::object{{"color", now->color}, {"reasons", now->reasons}})
            : json::value(nullptr),
        grade_history(s, house_id)};
  });
  json::array changes;
  for (const auto& g : history)
    changes.push_back(json::object{{"color", g.color}, {"reasons", g.reasons}, {"at", g.at}});
  return http::ok_json(json::object{
      {"house_id", id_to_string(house_id)}, {"grade", current}, {"history", std::move(changes)}});
}

// POST /api/v1/houses/{id}/patrols {hazards, note}: a patrol of a rented house, with the
// fire hazards still open after it; the house is graded again.
http::Reply patrol(Services& svc, Request& req) {
  auto at = house_for(svc, req, req.param("id"), "person.write");
  if (!at) return at.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto hazards = body->integer("hazards", 0, 50);
  if (!hazards) return hazards.error();
  auto note = body->text("note", {.required = false, .max_chars = 1000, .multiline = true});
  if (!note) return note.error();
  Millis now = svc.clock.now_ms();
  Patrol p{new_id(),
           at->house.id,
           at->building.path,
           req.principal->display_name,
           *note,
           static_cast<int>(**hazards),
           now};
  Grade g;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    g = record_patrol(tx, svc, actor_of(req), *at, p, now);
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(
      json::object{{"id", id_to_string(p.id)},
                   {"hazards", p.hazards},
                   {"grade", g.color.empty() ? json::value(nullptr) : json::value(g.color)}},
      201);
}

// GET /api/v1/nodes/{id}/patrols-due: rented houses due a patrol, red first.
http::Reply due(Services& svc, Request& req) {
  auto n = org::node_for(svc, req, "person.read");
  if (!n) return n.error();
  std::map<Id, std::string> labels;  // house → "3栋 1-101", what a patroller looks for
  auto rows = svc.db.read([&](soci::session& s) {
    auto due = patrols_due(s, n->path, rental_rules(svc.config), svc.clock.now_ms());
    std::map<Id, std::string> buildings;
    for (const auto& h : due) {
      auto house = org::buildings::house(s, h.house_id);
      if (!buildings.contains(h.building_id)) {
        auto b = tree::get(s, h.building_id);
        buildings[h.building_id] = b ? b->name : "";
      }
      labels[h.house_id] = buildings[h.building_id] + " " + (house ? house->label : "");
    }
    return due;
  });
  json::array items;
  for (const auto& h : rows) {
    items.push_back(json::object{
        {"house_id", id_to_string(h.house_id)},
        {"house", labels[h.house_id]},
        {"building_id", id_to_string(h.building_id)},
        {"grade", h.color},
        {"reasons", h.reasons},
        {"last_patrol", h.last_patrol ? json::value(h.last_patrol) : json::value(nullptr)},
        {"overdue_days", -h.days_until_due}});
  }
  return http::ok_json(json::object{{"items", std::move(items)}});
}

}  // namespace

void rental_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("GET", "/api/v1/houses/{id}/grade", bind(grade),
             {.summary = "A rented house's grade, its reasons and history"});
  router.add(
      "POST", "/api/v1/houses/{id}/patrols", bind(patrol),
      {.summary = "Record a patrol of a rented house", .body = "hazards:integer! note:string"});
  router.add("GET", "/api/v1/nodes/{id}/patrols-due",
             http::exportable(svc, due, "registry.patrols_due"),
             {.summary = "Rented houses due a patrol, red first"});
}

}  // namespace gridgov::registry
