#pragma once
// Operational endpoints: /healthz, /readyz, /metrics, /api/v1/version and the
// live event stream /api/v1/events.
#include <functional>

#include "platform/services.hpp"

namespace gridgov::ops {

// Every feature's notices for administrators, gathered now.
using NoticeSource = std::function<std::vector<Notice>()>;

// `draining` tells /readyz that shutdown has begun; `notices` feeds /readyz's
// detail and GET /api/v1/notices.
void routes(http::Router& router, Services& svc, std::function<bool()> draining,
            NoticeSource notices);

// Logs each notice as a warning once a (China) day while it lasts.
Job notice_log_job(NoticeSource notices);

// Once a (China) day: each district's audit chain head, to the log and, when
// `audit.anchor_file` is set, as a JSON line appended to that file (a copy
// another system keeps makes a rewritten chain show).
Job audit_anchor_job();

// Every minute: the memory gauges refreshed, and what the allocator holds free
// handed back to the kernel, so a burst (large uploads, a hostile client) does
// not leave the idle server holding gigabytes.
Job memory_job();

}  // namespace gridgov::ops
