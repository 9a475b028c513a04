#pragma once
// Waiting for something to become true without guessing how long it takes:
// the condition is polled until it holds or the deadline passes.
#include <chrono>
#include <functional>
#include <thread>

namespace gridgov::testing {

// True as soon as `condition` holds; false when `timeout_ms` passes first. It
// is asked every `poll_ms` (slower for conditions asked of a rate-limited API).
inline bool wait_until(const std::function<bool()>& condition, int timeout_ms = 10000,
                       int poll_ms = 10) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(poll_ms));
  }
}

}  // namespace gridgov::testing
