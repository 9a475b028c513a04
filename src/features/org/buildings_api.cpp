// Routes for buildings and their houses.
#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/org/api.hpp"
#include "features/org/buildings.hpp"
#include "features/org/commands.hpp"
#include "features/org/rules.hpp"
#include "features/org/shapes.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/export.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/text/text.hpp"

namespace gridgov::org {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

json::object building_json(const Building& b) {
  json::object o = node_json(b.node);
  o["lng"] = b.spec.lng;
  o["lat"] = b.spec.lat;
  o["floors"] = b.spec.floors;
  o["units"] = b.spec.units;
  o["houses_per_floor"] = b.spec.houses_per_floor;
  o["use"] = b.spec.use;
  o["address"] = b.spec.address;
  o["houses"] = b.houses;
  return o;
}

// POST /api/v1/buildings {microgrid_id, name, lng, lat, floors, units, houses_per_floor, use,
// address}
http::Reply create_building(Services& svc, Request& req) {
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto parent_id = body->id("microgrid_id");
  if (!parent_id) return parent_id.error();
  BuildingSpec spec;
  auto name = body->text("name", {.max_chars = 64});
  if (!name) return name.error();
  spec.name = *name;
  auto lng = body->number("lng");
  if (!lng) return lng.error();
  auto lat = body->number("lat");
  if (!lat) return lat.error();
  spec.lng = *lng;
  spec.lat = *lat;
  auto floors = body->integer("floors", 1, 200);
  if (!floors) return floors.error();
  auto units = body->integer("units", 1, 50, false);
  if (!units) return units.error();
  auto per_floor = body->integer("houses_per_floor", 0, 20, false);
  if (!per_floor) return per_floor.error();
  spec.floors = static_cast<int>(**floors);
  spec.units = static_cast<int>(units->value_or(1));
  spec.houses_per_floor = static_cast<int>(per_floor->value_or(2));
  if (body->has("use")) {
    auto use = body->text("use", {.max_chars = 20});
    if (!use) return use.error();
    spec.use = *use;
  }
  auto address = body->text("address", {.required = false, .max_chars = 200});
  if (!address) return address.error();
  spec.address = *address;
  if (auto st = check_building(spec); !st) return st.error();

  auto parent = svc.db.read([&](soci::session& s) { return tree::get(s, **parent_id); });
  if (!parent || !svc.authz.can(*req.principal, "node.read", parent->path)) {
    return Error::invalid("microgrid_id", "微网格不存在", "No such micro-grid");
  }
  if (auto st = svc.authz.check(*req.principal, "node.write", parent->path); !st) return st.error();
  if (parent->level != "microgrid" || parent->status != "active") {
    return Error::invalid("microgrid_id", "楼栋须建在在用的微网格下",
                          "A building goes under an active micro-grid");
  }
  Millis now = svc.clock.now_ms();
  std::optional<Building> created;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto b = org::create_building(tx, actor_of(req), *parent, spec, now);
    if (!b) return b.error();
    created = *b;
    return {};
  });
  if (!st) return st.error();
  shape_index().upsert_point(created->node.id, {spec.lng, spec.lat});
  return http::ok_json(building_json(*created), 201);
}

Result<Building> building_for(Services& svc, const Request& req) {
  auto id = parse_id(req.param("id"));
  auto b =
      id ? svc.db.read([&](soci::session& s) { return buildings::get(s, *id); }) : std::nullopt;
  if (!b || !svc.authz.can(*req.principal, "node.read", b->node.path))
    return Error::not_found("楼栋", "Building");
  return *b;
}

http::Reply get_building(Services& svc, Request& req) {
  auto b = building_for(svc, req);
  if (!b) return b.error();
  return http::ok_json(building_json(*b));
}

http::Reply list_houses(Services& svc, Request& req) {
  auto b = building_for(svc, req);
  if (!b) return b.error();
  auto limit = http::page_limit(req, 200, 1000);
  if (!limit) return limit.error();
  int offset = 0;
  if (auto o = req.query_param("offset")) {
    if (!text::all_digits(*o) || o->size() > 7) {
      return Error::invalid("offset", "offset 须为非负整数", "offset must be a whole number");
    }
    offset = std::stoi(*o);
  }
  auto rows = svc.db.read(
      [&](soci::session& s) { return buildings::houses(s, b->node.id, *limit, offset); });
  json::array items;
  for (const auto& h : rows) {
    items.push_back(json::object{{"id", id_to_string(h.id)},
                                 {"unit", h.unit},
                                 {"floor", h.floor},
                                 {"room", h.room},
                                 {"label", h.label}});
  }
  return http::ok_json(json::object{{"items", items}, {"total", b->houses}});
}

}  // namespace

void building_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("POST", "/api/v1/buildings", bind(create_building),
             {.summary = "Place a building in a micro-grid",
              .body = "microgrid_id:id! name:string! lng:number! lat:number! floors:integer! "
                      "units:integer houses_per_floor:integer use:string address:string"});
  router.add("GET", "/api/v1/buildings/{id}", bind(get_building),
             {.summary = "A building: its location, floors, units and houses"});
  router.add("GET", "/api/v1/buildings/{id}/houses",
             http::exportable(svc, list_houses, "org.houses"), {.summary = "A building's houses"});
}

}  // namespace gridgov::org
