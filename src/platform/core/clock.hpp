#pragma once
// Time through an injectable clock so deadlines and expiries can be tested.
// All times are UTC epoch milliseconds.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace gridgov {

using Millis = long long;  // SOCI binds long long directly

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  Millis now_ms() const override;
};

// A clock tests can move by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Millis start) : now_(start) {}
  Millis now_ms() const override { return now_; }
  void advance(Millis ms) { now_ += ms; }

 private:
  Millis now_;
};

// The real time shifted to start at a given moment, then running on: for drills
// and tests that must see a given day (`clock.start`). A start of 0 is the real time.
class ShiftedClock final : public Clock {
 public:
  explicit ShiftedClock(Millis start = 0);
  Millis now_ms() const override;

 private:
  Millis offset_ = 0;
};

Millis wall_now_ms();

// Days as people here count them: China Standard Time (UTC+8, no daylight saving).
constexpr Millis kDayMs = 24LL * 3600 * 1000;
std::string cst_day(Millis t);       // "YYYYMMDD"
std::string cst_date(Millis t);      // "YYYY-MM-DD"
Millis cst_day_start(Millis t);      // midnight at the start of t's day
long long cst_day_number(Millis t);  // whole days since 1970-01-01 (CST)

// ISO 8601 with the zone, as exchanged with other systems (W3C profile):
// "2026-11-22T19:38:46+08:00" in China Standard Time.
std::string iso8601_cst(Millis t);
// Reads "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z" or "±HH:MM", or a bare
// date "YYYY-MM-DD" (its midnight in China Standard Time); nullopt otherwise.
std::optional<Millis> parse_iso8601(std::string_view text);

}  // namespace gridgov
