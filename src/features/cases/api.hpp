#pragma once
// The cases feature's routes, by file (registered by the manifest in module.cpp).
#include <boost/json/object.hpp>

#include "features/cases/photos.hpp"
#include "features/cases/whistles.hpp"
#include "platform/services.hpp"

namespace gridgov::cases {

void case_routes(http::Router& router, Services& svc);      // intake, actions, queues (api.cpp)
void calendar_routes(http::Router& router, Services& svc);  // holidays and make-up days
void report_routes(http::Router& router, Services& svc);    // measures and hotspots
void whistle_routes(http::Router& router, Services& svc);   // 吹哨报到
void dispatch_rule_routes(http::Router& router, Services& svc);  // 派遣规则
void photo_routes(http::Router& router, Services& svc);          // upload and download
void import_routes(http::Router& router, Services& svc);         // CSV ledgers
void taxonomy_routes(http::Router& router, Services& svc);       // categories
void situation_routes(http::Router& router, Services& svc);      // the dashboard's live counts

boost::json::object photo_json(const Photo& p);
boost::json::object whistle_json(const Whistle& w, Millis now);

}  // namespace gridgov::cases
