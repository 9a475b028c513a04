#include "platform/db/fanout.hpp"

#include <exception>

#include "platform/log/log.hpp"

namespace gridgov {

EventFanout::EventFanout(Deliver deliver)
    : deliver_(std::move(deliver)), thread_([this] { run(); }) {}

EventFanout::~EventFanout() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void EventFanout::push(std::vector<DomainEvent>&& batch) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(batch));
  }
  cv_.notify_one();
}

void EventFanout::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything handed over is delivered
    std::vector<DomainEvent> batch = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    try {
      deliver_(batch);
    } catch (const std::exception& e) {
      // A subscriber's failure loses its own copy of these events, never the next batch.
      log::error("events.fanout_failed", {{"what", e.what()}, {"events", batch.size()}});
    }
    lock.lock();
  }
}

}  // namespace gridgov
