// The four-level organisation (社区党委 → 网格党支部 → 网格员 → 楼栋长/单元长) and the
// coordinators, second building leaders and sinking cadres around it: posts are
// role grants held at nodes; this shows who holds which post where, and who held it when.
#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/org/api.hpp"
#include "platform/auth/accounts.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/auth/rbac.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"

namespace gridgov::org {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// The organisation's posts, in the order of the four levels.
const std::vector<std::string>& organisation_roles() {
  static const std::vector<std::string> roles = {
      "community_secretary",    "grid_branch_secretary", "grid_worker",   "building_leader",
      "second_building_leader", "coordinator",           "sinking_cadre", "community_staff"};
  return roles;
}

// GET /api/v1/nodes/{id}/posts[?history=true]: who holds (or held) which post at and below the
// node. Reading names of office holders is not personal-data revealing: posts are public in the
// community.
http::Reply posts(Services& svc, Request& req) {
  auto node = node_for(svc, req, "node.read");
  if (!node) return node.error();
  bool history = req.query_param("history").value_or("") == "true";
  auto limit = http::page_limit(req, 500, 2000);
  if (!limit) return limit.error();
  auto rows = svc.db.read(
      [&](soci::session& s) { return accounts::posts_under(s, node->path, history, *limit); });
  const auto& org_roles = organisation_roles();
  json::array items;
  std::map<std::string, int> held;
  for (const auto& p : rows) {
    if (std::find(org_roles.begin(), org_roles.end(), p.role) == org_roles.end()) continue;
    const RoleDef* r = find_role(p.role);
    json::object o{{"grant_id", id_to_string(p.grant_id)},
                   {"role", p.role},
                   {"role_zh", r ? r->zh : p.role},
                   {"node_id", id_to_string(p.node_id)},
                   {"node_name", p.node_name},
                   {"node_level", p.node_level},
                   {"account_id", id_to_string(p.account_id)},
                   {"display_name", p.display_name},
                   {"from", p.granted_at},
                   {"until", p.revoked_at ? json::value(p.revoked_at) : json::value(nullptr)}};
    if (!p.revoked_at) held[p.role]++;
    items.push_back(std::move(o));
  }
  json::object counts;
  for (const auto& [role, n] : held) counts[role] = n;
  return http::ok_json(
      json::object{{"node", node_json(*node)}, {"items", items}, {"held", counts}});
}

}  // namespace

void post_routes(http::Router& router, Services& svc) {
  router.add("GET", "/api/v1/nodes/{id}/posts", http::bind(svc, posts),
             {.summary = "The organisation's posts at and below a node, with history"});
}

}  // namespace gridgov::org
