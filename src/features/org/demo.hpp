#pragma once
// The demo city on the real divisions: imports the city's divisions, then
// lays out plausible shapes (they tile without overlaps) for the districts,
// streets and communities in the chosen sample, and grids and micro-grids
// inside each community, numbered north→south, west→east.
#include "platform/services.hpp"

namespace gridgov::org {

// small: one street (seconds); medium: one district; large: the whole city
// (tens of thousands of grids). Idempotent. Progress goes to standard error.
Status build_demo(Services& svc, const DemoOptions& options);

}  // namespace gridgov::org
