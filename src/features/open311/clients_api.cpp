// Administering API clients: issue a key (shown once), list, revoke.
#include <soci/soci.h>

#include <boost/json.hpp>

#include "features/open311/api.hpp"
#include "features/open311/clients.hpp"
#include "features/open311/commands.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::open311 {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

json::object client_json(const Client& c) {
  return json::object{{"id", id_to_string(c.id)},
                      {"name", c.name},
                      {"node_id", id_to_string(c.node_id)},
                      {"key_prefix", c.key_prefix},
                      {"rate_per_minute", c.rate_per_minute},
                      {"created_at", c.created_at},
                      {"revoked_at", c.revoked_at ? json::value(c.revoked_at) : nullptr}};
}

// POST /api/v1/api-clients {name, node_id, rate_per_minute?}
http::Reply create(Services& svc, Request& req) {
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto name = body->text("name", {.min_chars = 2, .max_chars = 64});
  if (!name) return name.error();
  auto node_id = body->id("node_id");
  if (!node_id) return node_id.error();
  auto rate = body->integer("rate_per_minute", 1, 6000, false);
  if (!rate) return rate.error();
  auto node = svc.db.read([&](soci::session& s) { return tree::get(s, **node_id); });
  if (!node || node->status != "active")
    return Error::invalid("node_id", "节点不存在", "No such node");
  if (auto st = svc.authz.check(*req.principal, "apiclient.manage", node->path); !st)
    return st.error();
  Client c;
  c.name = *name;
  c.node_id = node->id;
  c.node_path = node->path;
  c.district_code = node->district_code;
  c.rate_per_minute = static_cast<int>(rate->value_or(60));
  c.created_at = svc.clock.now_ms();
  std::string key;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    key = register_client(tx, actor_of(req), c);
    return {};
  });
  if (!st) return st.error();
  json::object out = client_json(c);
  out["key"] = key;  // shown this once
  return http::ok_json(out, 201);
}

http::Reply list_clients(Services& svc, Request& req) {
  if (svc.authz.scopes(*req.principal, "apiclient.manage").empty()) return Error::forbidden();
  json::array items;
  for (const auto& c : svc.db.read([](soci::session& s) { return list(s); }))
    if (svc.authz.can(*req.principal, "apiclient.manage", c.node_path))
      items.push_back(client_json(c));
  return http::ok_json(json::object{{"items", std::move(items)}});
}

http::Reply revoke_client(Services& svc, Request& req) {
  auto id = parse_id(req.param("id"));
  auto c = id ? svc.db.read([&](soci::session& s) { return get(s, *id); }) : std::nullopt;
  if (!c || !svc.authz.can(*req.principal, "apiclient.manage", c->node_path))
    return Error::not_found("接入系统", "API client");
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    withdraw_client(tx, actor_of(req), *c, now);
    return {};
  });
  if (!st) return st.error();
  c->revoked_at = c->revoked_at ? c->revoked_at : now;
  return http::ok_json(client_json(*c));
}

}  // namespace

void client_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("POST", "/api/v1/api-clients", bind(create),
             {.summary = "Issue an API key to a client system, scoped to a node (shown once)",
              .body = "name:string! node_id:id! rate_per_minute:integer",
              .needs = "apiclient.manage"});
  router.add("GET", "/api/v1/api-clients", bind(list_clients),
             {.summary = "API client systems and their key prefixes"});
  router.add("POST", "/api/v1/api-clients/{id}/revoke", bind(revoke_client),
             {.summary = "Revoke a client system's API key", .body = "none"});
}

}  // namespace gridgov::open311
