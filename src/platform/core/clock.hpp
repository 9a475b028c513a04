#pragma once
// Time through an injectable clock so deadlines and expiries can be tested.
// All times are UTC epoch milliseconds.
#include <cstdint>
#include <functional>

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

Millis wall_now_ms();

}  // namespace gridgov
