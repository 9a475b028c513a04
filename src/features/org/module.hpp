#pragma once
// The organisation tree feature: browse and edit nodes within one's scope.
// (The minimal node table lives in platform/tree; this feature grows into
// grids, polygons, buildings and posts.)
#include "platform/services.hpp"

namespace gridgov::org {

Module module();

}  // namespace gridgov::org
