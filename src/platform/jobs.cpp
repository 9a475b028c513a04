#include "platform/jobs.hpp"

#include <chrono>

#include "platform/core/metrics.hpp"
#include "platform/log/log.hpp"

namespace gridgov {

JobRunner::JobRunner(Services& services, std::vector<Job> jobs)
    : services_(services), jobs_(std::move(jobs)) {}

JobRunner::~JobRunner() {
  stop();
}

void JobRunner::start() {
  if (jobs_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this] { loop(); });
}

void JobRunner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobRunner::loop() {
  using clock = std::chrono::steady_clock;
  std::vector<clock::time_point> next(jobs_.size(), clock::now());
  for (;;) {
    auto soonest = *std::min_element(next.begin(), next.end());
    {
      std::unique_lock lock(mutex_);
      if (cv_.wait_until(lock, soonest, [&] { return stopping_; })) return;
    }
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      if (clock::now() < next[i]) continue;
      const Job& job = jobs_[i];
      auto start = clock::now();
      Status st = job.run ? job.run(services_) : Status();
      double seconds = std::chrono::duration<double>(clock::now() - start).count();
      metrics::global()
          .histogram("gridgov_job_seconds", "Time a periodic job took", metrics::latency_buckets(),
                     metrics::label("job", job.name))
          .observe(seconds);
      if (!st) log::error("job.failed", {{"job", job.name}, {"what", st.error().message_en}});
      next[i] = clock::now() + std::chrono::milliseconds(job.interval_ms);
    }
  }
}

}  // namespace gridgov
