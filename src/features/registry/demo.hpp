#pragma once
// Synthetic residents for the demo city's sample street (idempotent).
#include "platform/services.hpp"

namespace gridgov::registry {

Status build_demo(Services& svc, const DemoOptions& options);

}  // namespace gridgov::registry
