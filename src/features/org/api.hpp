#pragma once
// Routes of the org feature (registered by its manifest in module.cpp).
#include <boost/json/object.hpp>

#include "features/org/model.hpp"
#include "platform/http/message.hpp"
#include "platform/services.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::org {

void routes(http::Router& router, Services& svc);       // nodes: browse, search, edit
void grid_routes(http::Router& router, Services& svc);  // grids, shapes, retire, locate
void building_routes(http::Router& router, Services& svc);
void post_routes(http::Router& router, Services& svc);        // the four-level organisation
void health_routes(http::Router& router, Services& svc);      // sizing and staffing check
void department_routes(http::Router& router, Services& svc);  // 职能部门
boost::json::object node_json(const tree::Node& n);
// The node named by {id}, if the caller may do `action` there. Outside the
// caller's node.read scope it answers 404 (ids cannot be probed), else 403.
Result<tree::Node> node_for(Services& svc, const http::Request& req, const char* action);

// For other features (org's store is private to it): a node's drawn outline, and
// every code ever issued below a node (for next_code, rules.hpp).
std::optional<StoredShape> stored_shape(soci::session& sql, Id node_id);
std::vector<std::string> codes_issued_under(soci::session& sql, Id parent_id);

}  // namespace gridgov::org
