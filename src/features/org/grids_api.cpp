// Routes for grids and micro-grids, shapes on the map, retiring, and point → grid.
#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/org/api.hpp"
#include "features/org/buildings.hpp"
#include "features/org/commands.hpp"
#include "features/org/rules.hpp"
#include "features/org/shapes.hpp"
#include "features/org/store.hpp"
#include "platform/auth/principal.hpp"
#include "platform/config/config.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"

namespace gridgov::org {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

json::object grid_json(const tree::Node& n, const std::optional<GridProfile>& p,
                       const std::optional<StoredShape>& s) {
  json::object o = node_json(n);
  if (p) {
    o["grid_type"] = p->grid_type;
    o["grid_type_zh"] = p->grid_type == "dedicated" ? "专属网格" : "综合网格";
    if (!p->dedicated_kind.empty()) {
      o["dedicated_kind"] = p->dedicated_kind;
      o["dedicated_kind_zh"] = dedicated_kind_zh(p->dedicated_kind);
    }
  }
  if (s) {
    o["area_m2"] = s->area_m2;
    boost::system::error_code ec;
    o["geometry"] = json::parse(s->geojson, ec);
  }
  return o;
}

// Reads an optional "geometry" member (object or string) as a validated shape.
Result<geo::ShapePtr> geometry_of(const http::Body& body, bool required) {
  const auto* g = body.object().if_contains("geometry");
  if (!g || g->is_null()) {
    if (required)
      return Error::invalid("geometry", "缺少必填字段 geometry", "Missing required field geometry");
    return geo::ShapePtr();
  }
  if (g->is_string()) return geo::parse(std::string(g->as_string()));
  return geo::parse(json::serialize(*g));
}

Result<GridProfile> profile_of_body(const http::Body& body, const GridProfile& current) {
  GridProfile p = current;
  if (body.has("grid_type")) {
    auto t = body.text("grid_type", {.max_chars = 20});
    if (!t) return t.error();
    p.grid_type = *t;
    if (p.grid_type == "comprehensive") p.dedicated_kind.clear();
  }
  if (body.has("dedicated_kind")) {
    auto k = body.text("dedicated_kind", {.required = false, .max_chars = 20});
    if (!k) return k.error();
    p.dedicated_kind = *k;
  }
  if (auto st = check_profile(p); !st) return st.error();
  return p;
}

// POST /api/v1/grids {parent_id, name, grid_type, dedicated_kind, geometry}
http::Reply create_grid(Services& svc, Request& req) {
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto parent_id = body->id("parent_id");
  if (!parent_id) return parent_id.error();
  auto name = body->text("name", {.max_chars = 64});
  if (!name) return name.error();
  auto profile = profile_of_body(*body, GridProfile{});
  if (!profile) return profile.error();
  auto shape = geometry_of(*body, false);
  if (!shape) return shape.error();
  auto parent = svc.db.read([&](soci::session& s) { return tree::get(s, **parent_id); });
  if (!parent || !svc.authz.can(*req.principal, "node.read", parent->path)) {
    return Error::invalid("parent_id", "上级节点不存在", "No such parent node");
  }
  if (auto st = svc.authz.check(*req.principal, "node.write", parent->path); !st) return st.error();
  std::string level = child_grid_level(*parent);
  if (level.empty()) {
    return Error::invalid("parent_id", "网格须建在社区下，微网格须建在网格下",
                          "Grids go under a community, micro-grids under a grid");
  }
  Millis now = svc.clock.now_ms();
  std::optional<tree::Node> created;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto n = org::create_grid(tx, actor_of(req), req.principal->account_id, *parent, level, *name,
                              *profile, *shape, now);
    if (!n) return n.error();
    created = *n;
    return {};
  });
  if (!st) return st.error();
  if (*shape) index_shape(*created, *shape);
  auto stored = svc.db.read([&](soci::session& s) { return store::shape_of(s, created->id); });
  return http::ok_json(grid_json(*created, *profile, stored), 201);
}

http::Reply get_grid(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.read");
  if (!n) return n.error();
  auto [profile, shape] = svc.db.read([&](soci::session& s) {
    return std::make_pair(store::profile_of(s, n->id), store::shape_of(s, n->id));
  });
  return http::ok_json(grid_json(*n, profile, shape));
}

// PATCH /api/v1/grids/{id} {version, name?, grid_type?, dedicated_kind?}
http::Reply update_grid(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.write");
  if (!n) return n.error();
  if (n->level != "grid" && n->level != "microgrid") {
    return Error::invalid("id", "不是网格或微网格", "Not a grid or micro-grid");
  }
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto version = body->integer("version", 1, 1000000000);
  if (!version) return version.error();
  auto current = svc.db.read([&](soci::session& s) { return store::profile_of(s, n->id); });
  auto profile = profile_of_body(*body, current.value_or(GridProfile{}));
  if (!profile) return profile.error();
  std::string name = n->name;
  if (body->has("name")) {
    auto nm = body->text("name", {.max_chars = 64});
    if (!nm) return nm.error();
    name = *nm;
  }
  Millis now = svc.clock.now_ms();
  tree::Node updated = *n;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto r =
        org::update_grid(tx, actor_of(req), *n, name, *profile, static_cast<int>(**version), now);
    if (!r) return r.error();
    updated = *r;
    return {};
  });
  if (!st) return st.error();
  auto shape = svc.db.read([&](soci::session& s) { return store::shape_of(s, n->id); });
  return http::ok_json(grid_json(updated, *profile, shape));
}

// PUT /api/v1/nodes/{id}/shape {geometry}
http::Reply put_shape(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.write");
  if (!n) return n.error();
  if (n->status != "active") return Error::invalid("id", "节点已撤销", "The node is retired");
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto shape = geometry_of(*body, true);
  if (!shape) return shape.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    return reshape_node(tx, actor_of(req), req.principal->account_id, *n, **shape, now);
  });
  if (!st) return st.error();
  index_shape(*n, *shape);
  auto stored = svc.db.read([&](soci::session& s) { return store::shape_of(s, n->id); });
  return http::ok_json(grid_json(*n, std::nullopt, stored));
}

// GET /api/v1/nodes/{id}/shapes: the node's children as a GeoJSON FeatureCollection (for maps).
http::Reply child_shapes(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.read");
  if (!n) return n.error();
  auto rows = svc.db.read([&](soci::session& s) { return store::child_shapes(s, n->id); });
  json::array features;
  for (const auto& [child, stored] : rows) {
    boost::system::error_code ec;
    features.push_back(json::object{{"type", "Feature"},
                                    {"id", id_to_string(child.id)},
                                    {"properties",
                                     {{"id", id_to_string(child.id)},
                                      {"name", child.name},
                                      {"code", child.code},
                                      {"level", child.level},
                                      {"area_m2", stored.area_m2}}},
                                    {"geometry", json::parse(stored.geojson, ec)}});
  }
  return http::ok_json(json::object{{"type", "FeatureCollection"}, {"features", features}});
}

// POST /api/v1/nodes/{id}/retire {reason}: never a hard delete; refused while
// active children or people's posts still hang on the node.
http::Reply retire(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.write");
  if (!n) return n.error();
  if (tree::level_rank(n->level) < tree::level_rank("grid")) {
    return Error::invalid("id", "行政区划不能在此撤销，只能撤销网格、微网格和楼栋",
                          "Only grids, micro-grids and buildings can be retired here");
  }
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto reason = body->text("reason", {.max_chars = 500, .multiline = true});
  if (!reason) return reason.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write(
      [&](WriteTx& tx) -> Status { return retire_node(tx, actor_of(req), *n, *reason, now); });
  if (!st) return st.error();
  unindex_shape(n->id);
  shape_index().remove_point(n->id);
  auto after = svc.db.read([&](soci::session& s) { return tree::get(s, n->id); });
  if (!after) return Error::not_found("节点", "Node");  // gone meanwhile
  return http::ok_json(node_json(*after));
}

// POST /api/v1/nodes/{id}/move {parent_id, version}: a grid to another
// community, a micro-grid to another grid, a building to another micro-grid,
// with everything below it. The code stays (codes never change once issued).
http::Reply move(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.write");
  if (!n) return n.error();
  if (tree::level_rank(n->level) < tree::level_rank("grid")) {
    return Error::invalid("id", "只能移动网格、微网格和楼栋",
                          "Only grids, micro-grids and buildings move");
  }
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto parent_id = body->id("parent_id");
  if (!parent_id) return parent_id.error();
  auto version = body->integer("version", 1, 1000000000);
  if (!version) return version.error();
  auto [old_parent, target] = svc.db.read([&](soci::session& s) {
    return std::make_pair(tree::get(s, n->parent_id), tree::get(s, **parent_id));
  });
  if (!target || !svc.authz.can(*req.principal, "node.read", target->path)) {
    return Error::invalid("parent_id", "目标上级不存在", "No such parent node");
  }
  if (auto st = svc.authz.check(*req.principal, "node.write", target->path); !st) {
    return st.error();
  }
  if (!old_parent || target->level != old_parent->level) {
    return Error::invalid(
        "parent_id",
        "目标上级须与原上级同级（" + tree::level_zh(old_parent ? old_parent->level : "") + "）",
        "The new parent must be at the old parent's level");
  }
  Millis now = svc.clock.now_ms();
  tree::Node moved = *n;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto r =
        move_node(tx, actor_of(req), *n, *old_parent, *target, static_cast<int>(**version), now);
    if (!r) return r.error();
    moved = *r;
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(node_json(moved));
}

// GET /api/v1/geo/locate?lat=&lng=: the community, grid and micro-grid at a
// point, and the nearest building.
http::Reply locate(Services& svc, Request& req) {
  auto number = [&](const char* key) -> std::optional<double> {
    auto v = req.query_param(key);
    if (!v || v->empty() || v->size() > 32) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(v->c_str(), &end);
    if (end != v->c_str() + v->size() || !std::isfinite(d)) return std::nullopt;
    return d;
  };
  auto lat = number("lat"), lng = number("lng");
  if (!lat || *lat < -90 || *lat > 90) {
    return Error::invalid("lat", "lat 须为 -90 到 90 之间的纬度",
                          "lat must be a latitude in [-90, 90]");
  }
  if (!lng || *lng < -180 || *lng > 180) {
    return Error::invalid("lng", "lng 须为 -180 到 180 之间的经度",
                          "lng must be a longitude in [-180, 180]");
  }
  auto ids = shape_index().containing({*lng, *lat});
  // The nearest building within 150 m: a report "at 3栋" more often than at a coordinate.
  if (Id b = shape_index().nearest_point({*lng, *lat}, 150.0)) ids.push_back(b);
  json::object out{{"lat", *lat}, {"lng", *lng}};
  json::array nodes;
  svc.db.read([&](soci::session& s) {
    for (Id id : ids) {
      auto n = tree::get(s, id);
      if (!n || !svc.authz.can(*req.principal, "node.read", n->path)) continue;
      json::object o{
          {"id", id_to_string(n->id)}, {"code", n->code}, {"name", n->name}, {"level", n->level}};
      if (n->level == "building") {
        auto b = buildings::get(s, n->id);
        if (b)
          o["distance_m"] = std::round(geo::distance_m({*lng, *lat}, {b->spec.lng, b->spec.lat}));
      }
      nodes.push_back(o);
      out[n->level] = std::move(o);
    }
  });
  out["nodes"] = std::move(nodes);
  return http::ok_json(out);
}

}  // namespace

void grid_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add(
      "POST", "/api/v1/grids", bind(create_grid),
      {.summary = "Create a grid or micro-grid",
       .body =
           "parent_id:id! name:string! grid_type:string dedicated_kind:string geometry:geojson"});
  router.add("GET", "/api/v1/grids/{id}", bind(get_grid),
             {.summary = "A grid with its profile and shape"});
  router.add("PATCH", "/api/v1/grids/{id}", bind(update_grid),
             {.summary = "Rename or retype a grid",
              .body = "version:integer! name:string grid_type:string dedicated_kind:string"});
  router.add("PUT", "/api/v1/nodes/{id}/shape", bind(put_shape),
             {.summary = "Set a node's polygon", .body = "geometry:geojson!"});
  router.add("GET", "/api/v1/nodes/{id}/shapes", bind(child_shapes),
             {.summary = "Children's polygons as GeoJSON"});
  router.add("POST", "/api/v1/nodes/{id}/move", bind(move),
             {.summary = "Move a grid, micro-grid or building with its subtree",
              .body = "parent_id:id! version:integer!"});
  router.add("POST", "/api/v1/nodes/{id}/retire", bind(retire),
             {.summary = "Retire a grid or micro-grid", .body = "reason:string!"});
  router.add("GET", "/api/v1/geo/locate", bind(locate),
             {.summary = "Community, grid and micro-grid at a point"});
}

}  // namespace gridgov::org
