#pragma once
// Open data: cases without personal data, and the loop's measures, for a
// period and a place, as JSON, CSV or xlsx.
#include "platform/services.hpp"

namespace gridgov::opendata {
Module module();
}
