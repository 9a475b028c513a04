#pragma once
// At most N of some costly work at once (exports): the rest wait their turn
// for a while, then are told to come back, so memory stays bounded however
// many ask together.
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace gridgov {

class Gate {
 public:
  explicit Gate(int slots) : free_(slots < 1 ? 1 : slots) {}
  Gate(const Gate&) = delete;

  // Holds a slot while it lives.
  class Pass {
   public:
    explicit Pass(Gate* g) : gate_(g) {}
    Pass(Pass&& o) noexcept : gate_(o.gate_) { o.gate_ = nullptr; }
    Pass(const Pass&) = delete;
    ~Pass() {
      if (gate_) gate_->leave();
    }
    explicit operator bool() const { return gate_ != nullptr; }

   private:
    Gate* gate_;
  };

  // A pass, or an empty one when no slot came free within `wait`.
  Pass enter(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (!freed_.wait_for(lock, wait, [&] { return free_ > 0; })) return Pass(nullptr);
    --free_;
    return Pass(this);
  }

 private:
  void leave() {
    {
      std::lock_guard lock(mutex_);
      ++free_;
    }
    freed_.notify_one();
  }
  std::mutex mutex_;
  std::condition_variable freed_;
  int free_;
};

}  // namespace gridgov
