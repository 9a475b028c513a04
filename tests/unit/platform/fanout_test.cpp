// The live feed's fan-out: batches handed over by the writer are delivered on
// another thread, in the order they were handed over, and none is lost at stop.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "platform/db/fanout.hpp"
#include "support/wait.hpp"

using namespace gridgov;

TEST(EventFanout, DeliversInOrderOffThePushingThread) {
  std::mutex mutex;
  std::vector<std::string> seen;
  std::thread::id pusher = std::this_thread::get_id(), deliverer;
  {
    EventFanout fanout([&](std::vector<DomainEvent>& batch) {
      std::lock_guard lock(mutex);
      deliverer = std::this_thread::get_id();
      for (const auto& e : batch) seen.push_back(e.topic);
    });
    for (int b = 0; b < 200; ++b) {
      std::vector<DomainEvent> batch;
      for (int i = 0; i < 3; ++i) batch.push_back({std::to_string(b * 3 + i), "/1/", "{}"});
      fanout.push(std::move(batch));
    }
    ASSERT_TRUE(gridgov::testing::wait_until([&] {
      std::lock_guard lock(mutex);
      return !seen.empty();
    }));
    std::lock_guard lock(mutex);
    EXPECT_NE(deliverer, pusher);
  }  // stopping delivers what is left
  ASSERT_EQ(seen.size(), 600u);
  for (int i = 0; i < 600; ++i) EXPECT_EQ(seen[i], std::to_string(i));
}

TEST(EventFanout, ASubscriberThatThrowsLosesOnlyItsBatch) {
  std::vector<std::string> seen;
  {
    EventFanout fanout([&](std::vector<DomainEvent>& batch) {
      if (batch.front().topic == "bad") throw std::runtime_error("subscriber failed");
      seen.push_back(batch.front().topic);
    });
    fanout.push({{"bad", "/1/", "{}"}});
    fanout.push({{"good", "/1/", "{}"}});
  }
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], "good");
}
