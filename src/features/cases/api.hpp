#pragma once
// The cases feature's routes, by file (registered by the manifest in module.cpp).
#include "platform/services.hpp"

namespace gridgov::cases {

void case_routes(http::Router& router, Services& svc);      // intake, actions, queues (api.cpp)
void calendar_routes(http::Router& router, Services& svc);  // holidays and make-up days
void report_routes(http::Router& router, Services& svc);    // measures and hotspots

}  // namespace gridgov::cases
