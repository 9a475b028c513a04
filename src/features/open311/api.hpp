#pragma once
// Routes of Open311 GeoReport v2 (registered by the manifest in module.cpp).
#include <optional>
#include <string>

#include "platform/http/message.hpp"
#include "platform/services.hpp"

namespace gridgov::open311 {

// jurisdiction_id, when given, names a city we serve by its division code
// (420100 or 420100000000): its node's path; "" when none was given; the
// specification's 404 for an unknown one. Every Open311 route checks it so.
Result<std::string> jurisdiction(Services& svc, const std::optional<std::string>& id);

void routes(http::Router& router, Services& svc);          // GeoReport v2
void request_routes(http::Router& router, Services& svc);  // GeoReport v2 requests, tokens
void client_routes(http::Router& router, Services& svc);   // API keys per system
}  // namespace gridgov::open311
