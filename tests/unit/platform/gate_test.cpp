#include "platform/core/gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace gridgov {
namespace {

TEST(Gate, LetsInAsManyAsItHasSlotsAndTurnsTheNextAwayAfterItsWait) {
  Gate gate(2);
  auto a = gate.enter(std::chrono::milliseconds(0));
  auto b = gate.enter(std::chrono::milliseconds(0));
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
  EXPECT_FALSE(gate.enter(std::chrono::milliseconds(0)));
  {
    Gate::Pass gone = std::move(a);  // a moved pass holds the slot once
    EXPECT_FALSE(a);
  }
  EXPECT_TRUE(gate.enter(std::chrono::milliseconds(0)));
}

TEST(Gate, AWaiterGoesInWhenASlotIsGivenBack) {
  Gate gate(1);
  auto held = std::make_unique<Gate::Pass>(gate.enter(std::chrono::milliseconds(0)));
  ASSERT_TRUE(*held);
  std::atomic<bool> waiting{false}, entered{false};
  std::thread waiter([&] {
    waiting = true;
    entered = static_cast<bool>(gate.enter(std::chrono::minutes(5)));
  });
  while (!waiting) std::this_thread::yield();
  held.reset();  // gives the slot back: the waiter must get it, well before its five minutes
  waiter.join();
  EXPECT_TRUE(entered);
}

TEST(Gate, ASlotCountBelowOneStillLetsOneIn) {
  Gate gate(0);
  auto a = gate.enter(std::chrono::milliseconds(0));
  EXPECT_TRUE(a);
  EXPECT_FALSE(gate.enter(std::chrono::milliseconds(0)));
}

}  // namespace
}  // namespace gridgov
