#pragma once
// Routes of Open311 GeoReport v2 (registered by the manifest in module.cpp).
#include "platform/http/message.hpp"
#include "platform/services.hpp"

namespace gridgov::open311 {
void routes(http::Router& router, Services& svc);          // GeoReport v2
void request_routes(http::Router& router, Services& svc);  // GeoReport v2 requests, tokens
void client_routes(http::Router& router, Services& svc);   // API keys per system
}  // namespace gridgov::open311
