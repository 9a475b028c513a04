// GET /api/v1/nodes/{id}/situation: the dispatcher's live picture (一屏调度) —
// open, due-soon and overdue cases and today's new ones at a node and for each
// of its places below, read from the open counts (open_counts.hpp).
#include <soci/soci.h>

#include <boost/json.hpp>

#include "features/cases/api.hpp"
#include "features/cases/store.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::cases {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

json::object situation_json(const store::Situation& s) {
  return json::object{
      {"open", s.open}, {"due_soon", s.due_soon}, {"overdue", s.overdue}, {"today", s.today}};
}

http::Reply situation(Services& svc, Request& req) {
  auto id = parse_id(req.param("id"));
  auto node = id ? svc.db.read([&](soci::session& s) { return tree::get(s, *id); }) : std::nullopt;
  if (!node || !svc.authz.can(*req.principal, "case.read", node->path))
    return Error::not_found("节点", "Node");
  Millis day_start = cst_day_start(svc.clock.now_ms());
  json::object out;
  svc.db.read([&](soci::session& s) {
    out = situation_json(store::situation_at(s, node->path, day_start));
    json::array children;
    for (const auto& child : tree::children(s, node->id, 1000, "")) {
      if (child.level == tree::kDepartment || child.status != "active") continue;
      json::object o = situation_json(store::situation_at(s, child.path, day_start));
      o["node"] = json::object{{"id", id_to_string(child.id)},
                               {"name", child.name},
                               {"code", child.code},
                               {"level", child.level}};
      children.push_back(std::move(o));
    }
    out["children"] = std::move(children);
    return 0;
  });
  out["node"] =
      json::object{{"id", id_to_string(node->id)}, {"name", node->name}, {"level", node->level}};
  return http::ok_json(out);
}

}  // namespace

void situation_routes(http::Router& router, Services& svc) {
  router.add("GET", "/api/v1/nodes/{id}/situation", http::bind(svc, situation),
             {.summary = "Open, due-soon, overdue and today's cases at a node and its places"});
}

}  // namespace gridgov::cases
