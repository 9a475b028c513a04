#pragma once
// Operational endpoints: /healthz, /readyz, /metrics, /api/v1/version and the
// live event stream /api/v1/events.
#include <functional>

#include "platform/services.hpp"

namespace gridgov::ops {

// `draining` tells /readyz that shutdown has begun.
void routes(http::Router& router, Services& svc, std::function<bool()> draining);

}  // namespace gridgov::ops
