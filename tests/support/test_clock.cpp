#include "support/test_clock.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace gridgov::testing {
namespace {
Millis configured_start() {
  const char* at = std::getenv("GRIDGOV_TEST_NOW");
  if (!at || !*at) return 0;
  auto t = parse_iso8601(at);
  if (!t) throw std::runtime_error(std::string("GRIDGOV_TEST_NOW is not ISO 8601: ") + at);
  return *t;
}
}  // namespace

const Clock& test_clock() {
  static const ShiftedClock clock(configured_start());
  return clock;
}

Millis test_now_ms() {
  return test_clock().now_ms();
}

std::string clock_start_setting() {
  if (configured_start() == 0) return "";
  Millis now = test_now_ms();
  // Milliseconds kept, so a server started now agrees with the tests to the millisecond.
  std::string s = iso8601_cst(now);
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03lld", now % 1000);
  return s.insert(19, ms);
}

std::vector<std::string> clock_flags() {
  std::string start = clock_start_setting();
  if (start.empty()) return {};
  return {"--clock-start", start};
}

}  // namespace gridgov::testing
