#pragma once
// The time the tests run at. GRIDGOV_TEST_NOW (ISO 8601 with its zone) starts
// it at a given moment — CI runs the time-dependent suites on a fixed set of
// dates (scripts/test.sh) — otherwise it is the real time. Every server and
// command a test starts is given the same clock, so a test and its server agree
// on what "today" is.
#include <string>
#include <vector>

#include "platform/core/clock.hpp"

namespace gridgov::testing {

const Clock& test_clock();
Millis test_now_ms();
// The flags that start a child `gridgov` at the test clock's present moment
// (none when the tests run at the real time).
std::vector<std::string> clock_flags();
// The same as a setting value, or "" for the real time.
std::string clock_start_setting();

}  // namespace gridgov::testing
