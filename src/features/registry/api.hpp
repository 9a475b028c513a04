#pragma once
// Routes of the registry (registered by its manifest in module.cpp).
#include "platform/services.hpp"

namespace gridgov::registry {

void routes(http::Router& router, Services& svc);  // people: register, read, reveal, search

}  // namespace gridgov::registry
