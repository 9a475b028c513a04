#pragma once
// GET /api/v1/nodes/{id}/figures: the dashboard's figures for a place, as the
// features' manifests declare them (Module::figures) — each counted by its
// owner and shown only to callers who hold its action there.
#include "platform/services.hpp"

namespace gridgov::http {
class Router;
}

namespace gridgov {

void figure_routes(http::Router& router, Services& svc);

}  // namespace gridgov
