#include "platform/core/clock.hpp"

#include <chrono>
#include <ctime>

namespace gridgov {

Millis wall_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
constexpr Millis kCstOffsetMs = 8LL * 3600 * 1000;
std::string cst_format(Millis t, const char* format) {
  std::time_t s = static_cast<std::time_t>((t + kCstOffsetMs) / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}
}  // namespace

std::string cst_day(Millis t) {
  return cst_format(t, "%Y%m%d");
}

std::string cst_date(Millis t) {
  return cst_format(t, "%Y-%m-%d");
}

long long cst_day_number(Millis t) {
  Millis local = t + kCstOffsetMs;
  return local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
}

Millis cst_day_start(Millis t) {
  return cst_day_number(t) * kDayMs - kCstOffsetMs;
}

Millis SystemClock::now_ms() const {
  return wall_now_ms();
}

}  // namespace gridgov
