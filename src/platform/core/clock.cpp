#include "platform/core/clock.hpp"

#include <chrono>

namespace gridgov {

Millis wall_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Millis SystemClock::now_ms() const {
  return wall_now_ms();
}

}  // namespace gridgov
