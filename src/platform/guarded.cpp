#include "platform/guarded.hpp"

#include <algorithm>
#include <exception>

#include "platform/core/metrics.hpp"
#include "platform/log/log.hpp"

namespace gridgov {

Status run_guarded(const std::string& kind, const std::string& name,
                   const std::function<Status()>& fn) {
  std::string what;
  try {
    Status st = fn();
    if (st) return st;
    what = st.error().message_en;
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "unknown exception";
  }
  metrics::global()
      .counter("gridgov_background_failures_total", "Background jobs and tasks that failed",
               metrics::label("kind", kind) + "," + metrics::label("name", name))
      .inc();
  log::error("background.failed", {{"kind", kind}, {"name", name}, {"what", what}});
  return Error::make(ErrorKind::kInternal, "background_failed", "后台任务失败: " + what,
                     "Background work failed: " + what);
}

long long backoff_ms(long long interval_ms, int failures, long long cap_ms) {
  long long wait = interval_ms;
  for (int i = 0; i < failures && wait < cap_ms; ++i) wait *= 2;
  return std::max(interval_ms, std::min(wait, cap_ms));
}

}  // namespace gridgov
