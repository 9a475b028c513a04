#pragma once
// Routes of the org feature (registered by its manifest in module.cpp).
#include "platform/services.hpp"

namespace gridgov::org {

void routes(http::Router& router, Services& svc);

}  // namespace gridgov::org
