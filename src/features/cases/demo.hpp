#pragma once
// The demo city's month of cases: what a dashboard, a queue and the measures
// look like in use. Synthetic; every case goes through the real intake and the
// real state machine.
#include "platform/services.hpp"

namespace gridgov::cases {
Status build_demo(Services& svc, const DemoOptions& options);
}
