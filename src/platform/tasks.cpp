#include "platform/tasks.hpp"

#include "platform/guarded.hpp"

namespace gridgov {

bool Tasks::submit(Task task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    queue_.push_back(std::move(task));
    if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
  }
  cv_.notify_one();
  return true;
}

void Tasks::stop() {
  std::deque<Task> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(queue_);
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (auto& t : dropped)
    if (t.dropped) t.dropped();
}

std::size_t Tasks::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void Tasks::loop() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    Status st = run_guarded("task", task.name, [&] {
      task.run(stopping_);
      return Status();
    });
    if (!st && task.dropped) {
      try {
        task.dropped();
      } catch (...) {  // already logged once; the thread goes on
      }
    }
  }
}

}  // namespace gridgov
