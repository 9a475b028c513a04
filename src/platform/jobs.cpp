#include "platform/jobs.hpp"

#include <chrono>

#include "platform/core/metrics.hpp"
#include "platform/guarded.hpp"

namespace gridgov {
namespace {
constexpr long long kMaxBackoffMs = 10 * 60000;
}

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
  std::vector<int> failures(jobs_.size(), 0);  // in a row, for the back-off
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
      Status st =
          run_guarded("job", job.name, [&] { return job.run ? job.run(services_) : Status(); });
      double seconds = std::chrono::duration<double>(clock::now() - start).count();
      metrics::global()
          .histogram("gridgov_job_seconds", "Time a periodic job took", metrics::latency_buckets(),
                     metrics::label("job", job.name))
          .observe(seconds);
      failures[i] = st ? 0 : failures[i] + 1;
      // A job that keeps failing (the database away) tries less often, up to ten minutes.
      next[i] = clock::now() +
                std::chrono::milliseconds(backoff_ms(job.interval_ms, failures[i],
                                                     std::max(job.interval_ms, kMaxBackoffMs)));
    }
  }
}

}  // namespace gridgov
