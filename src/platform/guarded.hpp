#pragma once
// Background work (periodic jobs, one-off tasks) runs through here: an
// exception — a database gone away, a bug — is caught, logged with what was
// running, counted in gridgov_background_failures_total{kind,name}, and
// turned into an Error, so it never ends the process.
#include <functional>
#include <string>

#include "platform/core/error.hpp"

namespace gridgov {

Status run_guarded(const std::string& kind, const std::string& name,
                   const std::function<Status()>& fn);

// How long a job that failed `failures` times in a row waits before the next
// try: its interval doubled per failure, at most `cap_ms` (and never less
// than the interval).
long long backoff_ms(long long interval_ms, int failures, long long cap_ms);

}  // namespace gridgov
