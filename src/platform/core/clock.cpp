#include "platform/core/clock.hpp"

#include <chrono>
#include <ctime>

namespace gridgov {

Millis wall_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

ShiftedClock::ShiftedClock(Millis start) : offset_(start == 0 ? 0 : start - wall_now_ms()) {}

Millis ShiftedClock::now_ms() const {
  return wall_now_ms() + offset_;
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

std::string iso8601_cst(Millis t) {
  std::time_t s = static_cast<std::time_t>(Millis((t + kCstOffsetMs) / 1000));
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
  return buf;
}

namespace {
// Reads exactly `n` digits at `at`, moving past them.
bool digits(std::string_view s, std::size_t& at, int n, int& out) {
  if (at + static_cast<std::size_t>(n) > s.size()) return false;
  out = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[at++];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}
bool expect(std::string_view s, std::size_t& at, char c) {
  if (at >= s.size() || s[at] != c) return false;
  ++at;
  return true;
}
}  // namespace

std::optional<Millis> parse_iso8601(std::string_view s) {
  std::size_t at = 0;
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  if (!digits(s, at, 4, year) || !expect(s, at, '-') || !digits(s, at, 2, month) ||
      !expect(s, at, '-') || !digits(s, at, 2, day))
    return std::nullopt;
  Millis offset = kCstOffsetMs;  // a bare date is a day as people here count it
  if (at < s.size()) {
    if (!expect(s, at, 'T') || !digits(s, at, 2, hour) || !expect(s, at, ':') ||
        !digits(s, at, 2, minute))
      return std::nullopt;
    if (at < s.size() && s[at] == ':' && !(++at, digits(s, at, 2, second))) return std::nullopt;
    if (at < s.size() && s[at] == '.') {
      ++at;
      int places = 0, fraction = 0;
      while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
        if (places < 3) fraction = fraction * 10 + (s[at] - '0'), ++places;
        ++at;
      }
      if (places == 0) return std::nullopt;
      while (places++ < 3) fraction *= 10;
      millis = fraction;
    }
    if (at < s.size() && s[at] == 'Z') {
      ++at;
      offset = 0;
    } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
      int sign = s[at++] == '-' ? -1 : 1, oh = 0, om = 0;
      if (!digits(s, at, 2, oh) || !expect(s, at, ':') || !digits(s, at, 2, om) || oh > 14 ||
          om > 59)
        return std::nullopt;
      offset = sign * (oh * 3600LL + om * 60LL) * 1000;
    } else {
      return std::nullopt;  // a time without its zone is ambiguous
    }
    if (at != s.size()) return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t utc = timegm(&tm);
  std::tm check{};
  gmtime_r(&utc, &check);
  if (check.tm_mday != day) return std::nullopt;  // 02-30 and the like
  return static_cast<Millis>(utc) * 1000 + millis - offset;
}

Millis SystemClock::now_ms() const {
  return wall_now_ms();
}

}  // namespace gridgov
