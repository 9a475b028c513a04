#pragma once
// Routes of the ledgers (registered by the manifest in module.cpp).
#include "platform/http/message.hpp"
#include "platform/services.hpp"

namespace gridgov::ledgers {
void routes(http::Router& router, Services& svc);
}
