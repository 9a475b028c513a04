// Routes for functional departments (职能部门): the bureaus of a city or district
// and the offices a street hosts (派出所, 城管执法中队 …). Cases are dispatched
// and whistled to them; their staff hold roles at them.
#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/org/api.hpp"
#include "features/org/commands.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"

namespace gridgov::org {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// GET /api/v1/nodes/{id}/departments: the departments serving a place — those
// of the node itself and of every node above it (what a community may whistle).
http::Reply list_departments(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.read");
  if (!n) return n.error();
  auto rows = svc.db.read([&](soci::session& s) { return tree::departments_serving(s, *n); });
  json::array items;
  for (const auto& d : rows) {
    json::object o = node_json(d);
    o["parent_id"] = id_to_string(d.parent_id);
    items.push_back(std::move(o));
  }
  return http::ok_json(json::object{{"items", std::move(items)}});
}

// POST /api/v1/nodes/{id}/departments {name}: a new department under a city,
// district or street; its code is the parent's plus two digits.
http::Reply create_department(Services& svc, Request& req) {
  auto parent = node_for(svc, req, "node.write");
  if (!parent) return parent.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto name = body->text("name", {.max_chars = 64});
  if (!name) return name.error();
  Millis now = svc.clock.now_ms();
  std::optional<tree::Node> created;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto d = org::create_department(tx, actor_of(req), *parent, *name, now);
    if (!d) return d.error();
    created = *d;
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(node_json(*created), 201);
}

}  // namespace

void department_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("GET", "/api/v1/nodes/{id}/departments", bind(list_departments),
             {.summary = "Departments serving a place (its own and those above it)"});
  router.add("POST", "/api/v1/nodes/{id}/departments", bind(create_department),
             {.summary = "Add a department to a city, district or street", .body = "name:string!"});
}

}  // namespace gridgov::org
