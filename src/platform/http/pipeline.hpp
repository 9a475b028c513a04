#pragma once
// What happens to every request between the socket and a feature's handler,
// the same for all of them: route match, static files, rate limits,
// authentication, the handler itself, exception → 500, metrics, access log.
// No Beast here: the server hands over a Request and gets a Response back.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "platform/http/router.hpp"

namespace gridgov::http {

struct PipelineHooks {
  // Returns who is calling (from cookie or Bearer token), or null. May block (DB).
  std::function<std::shared_ptr<const Principal>(const Request&)> authenticate;
  // Per-IP admission before authentication (rate limit); an Error refuses.
  std::function<std::optional<Error>(const Request&)> admit_ip;
  // Per-account admission after authentication.
  std::function<std::optional<Error>(const Request&)> admit_account;
  // Account id for the access log.
  std::function<std::string(const Request&)> who;
  // Whether the caller holds `action` anywhere (a route's `needs`).
  std::function<bool(const Request&, const std::string& action)> holds;
};

class Pipeline {
 public:
  Pipeline(const Router& router, PipelineHooks hooks, std::string web_root, bool access_log);

  struct Plan {
    const Route* route = nullptr;       // the handler to run, if any
    std::optional<Response> immediate;  // answered already (static file, 404, 405)
    bool inline_ok = false;             // may run on the I/O thread
  };
  // Cheap: route matching and static files. Runs on the I/O thread.
  Plan plan(Request& req) const;
  // Authentication, admission and the handler. May block; runs on a worker
  // unless the plan says inline. Never throws.
  Response execute(Request& req, const Route& route) const;
  // Metrics and the access log, once the response is known.
  void finish(const Request& req, const Response& res, std::size_t bytes,
              std::chrono::steady_clock::duration took) const;

 private:
  const Router& router_;
  PipelineHooks hooks_;
  std::string web_root_;
  bool access_log_;
};

std::string new_request_id();

}  // namespace gridgov::http
