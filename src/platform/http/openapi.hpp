#pragma once
// The API described from the routes themselves (OpenAPI 3.0): every route's
// method, path, parameters, summary and whether it needs a session — so the
// description cannot drift from what the server answers. Served at
// /api/v1/openapi.json, with a viewer at /api/docs that needs no internet.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "platform/http/router.hpp"

namespace gridgov::http {

boost::json::object openapi(const Router& router, const std::string& version);

// The requestBody a route's `body` spec (RouteOptions::body) describes;
// nullopt when the spec is malformed (an unknown type, a field without one).
std::optional<boost::json::object> request_body(const std::string& spec);
// The same from a parsed spec; empty when the route takes no body.
boost::json::object request_body(const BodySpec& spec);

// Adds GET /api/v1/openapi.json and GET /api/docs, describing `router` as it is
// when they are called (register them last; the router must outlive them).
void docs_routes(Router& router, const std::string& version);

}  // namespace gridgov::http
