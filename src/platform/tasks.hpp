#pragma once
// One-off work that outlives the request asking for it (a ledger import):
// run in order on one background thread, started on the first submit.
// stop() tells the running task to give up (it sees `stopping`), drops the
// ones not started and waits. A task that throws is caught, logged and counted
// (platform/guarded.hpp), and its `dropped` runs; the next task starts.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace gridgov {

class Tasks {
 public:
  using Fn = std::function<void(const std::atomic<bool>& stopping)>;
  // `dropped` runs instead of the task when stop() comes first, or after it
  // when it throws. `name` says what it is in logs and metrics.
  struct Task {
    Fn run;
    std::function<void()> dropped;
    std::string name = "task";
  };
  Tasks() = default;
  Tasks(const Tasks&) = delete;
  Tasks& operator=(const Tasks&) = delete;
  ~Tasks() { stop(); }

  // False once stopping.
  bool submit(Task task);
  void stop();
  // Tasks waiting to start (the running one not counted).
  std::size_t waiting() const;

 private:
  void loop();
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Task> queue_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace gridgov
