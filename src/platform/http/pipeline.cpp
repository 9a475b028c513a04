#include "platform/http/pipeline.hpp"

#include <fmt/format.h>
#include <atomic>
#include <random>
#include <unordered_map>

#include "platform/core/metrics.hpp"
#include "platform/http/static_files.hpp"
#include "platform/log/log.hpp"

namespace gridgov::http {

std::string new_request_id() {
  static const std::uint64_t prefix = std::random_device{}() & 0xffffff;
  static std::atomic<std::uint64_t> counter{0};
  return fmt::format("{:06x}-{:010x}", prefix, counter.fetch_add(1, std::memory_order_relaxed));
}

Pipeline::Pipeline(const Router& router, PipelineHooks hooks, std::string web_root, bool access_log)
    : router_(router),
      hooks_(std::move(hooks)),
      web_root_(std::move(web_root)),
      access_log_(access_log) {}

Pipeline::Plan Pipeline::plan(Request& req) const {
  Plan plan;
  auto m = router_.match(req);
  if (m.outcome == Router::Outcome::kFound) {
    plan.route = m.route;
    plan.inline_ok = m.route->options.runs_inline;
    return plan;
  }
  if (m.outcome == Router::Outcome::kWrongMethod) {
    Response r = error_response(req, Error::make(ErrorKind::kMethodNotAllowed, "method_not_allowed",
                                                 "此地址不支持 " + req.method + " 方法",
                                                 "Method " + req.method + " is not allowed here"));
    std::string allow;
    for (const auto& a : m.allowed) allow += (allow.empty() ? "" : ", ") + a;
    r.set_header("Allow", allow);
    plan.immediate = std::move(r);
    return plan;
  }
  req.route = "static";
  bool is_api = req.path.rfind("/api/", 0) == 0 || req.path == "/api";
  if (!is_api && (req.method == "GET" || req.method == "HEAD")) {
    if (auto r = serve_static(web_root_, req)) {
      plan.immediate = std::move(*r);
      return plan;
    }
  }
  req.route = "unmatched";
  plan.immediate = error_response(req, Error::not_found("请求的地址", "The requested path"));
  return plan;
}

Response Pipeline::execute(Request& req, const Route& route) const {
  try {
    if (hooks_.admit_ip) {
      if (auto e = hooks_.admit_ip(req)) return error_response(req, *e);
    }
    if (hooks_.authenticate) req.principal = hooks_.authenticate(req);
    if (route.options.requires_auth && !req.principal) {
      return error_response(req, Error::make(ErrorKind::kUnauthenticated, "unauthenticated",
                                             "请先登录（会话不存在或已过期）",
                                             "Please log in (no session, or it has expired)"));
    }
    if (req.principal && hooks_.admit_account) {
      if (auto e = hooks_.admit_account(req)) return error_response(req, *e);
    }
    return route.handler(req);
  } catch (const std::exception& e) {
    log::error("handler.exception",
               {{"request_id", req.request_id}, {"route", req.route}, {"what", e.what()}});
    return error_response(req, Error::internal());
  } catch (...) {
    log::error("handler.exception", {{"request_id", req.request_id}, {"route", req.route}});
    return error_response(req, Error::internal());
  }
}

namespace {
struct RouteMetrics {
  metrics::Counter* requests;
  metrics::Histogram* latency;
};

RouteMetrics& metrics_for(const std::string& route, const std::string& method, int status) {
  // Per-thread cache: the registry lookup (a mutex) happens once per thread and label set.
  thread_local std::unordered_map<std::string, RouteMetrics> cache;
  std::string key = fmt::format("{} {} {}", method, route, status);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  std::string labels = metrics::label("route", route) + "," + metrics::label("method", method);
  RouteMetrics m{
      &metrics::global().counter("gridgov_http_requests_total", "HTTP requests by route and status",
                                 labels + "," + metrics::label("status", std::to_string(status))),
      &metrics::global().histogram("gridgov_http_request_duration_seconds",
                                   "HTTP request latency by route", metrics::latency_buckets(),
                                   labels)};
  return cache.emplace(key, m).first->second;
}
}  // namespace

void Pipeline::finish(const Request& req, const Response& res, std::size_t bytes,
                      std::chrono::steady_clock::duration took) const {
  double seconds = std::chrono::duration<double>(took).count();
  auto& m = metrics_for(req.route.empty() ? "unmatched" : req.route, req.method, res.status);
  m.requests->inc();
  m.latency->observe(seconds);
  if (!access_log_) return;
  std::string who = hooks_.who && req.principal ? hooks_.who(req) : std::string();
  log::info("access", {{"request_id", req.request_id},
                       {"method", req.method},
                       {"path", req.path},
                       {"route", req.route},
                       {"status", res.status},
                       {"bytes", bytes},
                       {"ms", seconds * 1000.0},
                       {"ip", req.remote_ip},
                       {"account", who}});
}

}  // namespace gridgov::http
