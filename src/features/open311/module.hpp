#pragma once
// Open311 GeoReport v2: other systems (12345 hotline, 一网统管, apps written by
// others) exchange cases with GridGov through the published specification.
#include "platform/services.hpp"

namespace gridgov::open311 {
Module module();
}
