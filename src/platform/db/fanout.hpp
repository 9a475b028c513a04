#pragma once
// What happens to a committed batch's events after the writer has moved on:
// the writer hands each batch over (a move under a lock) and this thread calls
// `deliver` on the batches one by one, in commit order — the live feed's
// filtering per subscriber runs here, never on the writer thread.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "platform/db/database.hpp"

namespace gridgov {

class EventFanout {
 public:
  using Deliver = std::function<void(std::vector<DomainEvent>&)>;
  explicit EventFanout(Deliver deliver);
  // Delivers what was handed over, then stops.
  ~EventFanout();
  EventFanout(const EventFanout&) = delete;
  EventFanout& operator=(const EventFanout&) = delete;

  void push(std::vector<DomainEvent>&& batch);

 private:
  void run();
  Deliver deliver_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::vector<DomainEvent>> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest is built
};

}  // namespace gridgov
