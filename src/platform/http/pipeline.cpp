#include "platform/http/pipeline.hpp"

#include <fmt/format.h>
#include <atomic>
#include <random>
#include <unordered_map>

#include "platform/core/metrics.hpp"
#include "platform/db/database.hpp"
#include "platform/http/static_files.hpp"
#include "platform/log/log.hpp"
#include "platform/text/text.hpp"

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
  // Every request counts against its address's rate, whatever it asks for: a
  // flood of invented paths is throttled like any other.
  if (hooks_.admit_ip) {
    if (auto e = hooks_.admit_ip(req)) {
      req.route = "limited";
      plan.immediate = error_response(req, *e);
      return plan;
    }
  }
  // Nothing here is named in anything but UTF-8, and an answer echoing such bytes
  // (an error naming what was not found) would not even be valid JSON.
  bool utf8 = text::valid_utf8(req.path);
  for (const auto& [k, v] : req.query) utf8 = utf8 && text::valid_utf8(k) && text::valid_utf8(v);
  if (!utf8) {
    req.route = "unmatched";
    plan.immediate = error_response(
        req, Error::make(ErrorKind::kBadRequest, "bad_target", "请求地址含无效的 UTF-8 字符",
                         "The request target holds invalid UTF-8"));
    return plan;
  }
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
  // The API and Open311 never fall back to the web app's pages: an unknown path
  // there (a forgotten .json) is a 404 in the error shape.
  bool is_api = req.path.rfind("/api/", 0) == 0 || req.path == "/api" ||
                req.path.rfind("/open311/", 0) == 0 || req.path == "/open311";
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

namespace {
// A write carried by the session cookie must come from a page of this server:
// its Origin (or, lacking one, its Referer) names the host the request was
// sent to. Browsers add Origin to every cross-site write, so a form or script
// on another site is refused here whatever SameSite does. Bearer tokens are
// not sent by browsers on their own and need no such check.
bool cross_origin_cookie_write(const Request& req) {
  if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") return false;
  if (!req.header("Authorization").empty() || req.header("Cookie").empty()) return false;
  std::string_view from = req.header("Origin");
  if (from.empty() || from == "null") from = req.header("Referer");
  if (from.empty()) return false;  // not a browser's cross-site request
  std::size_t scheme = from.find("://");
  if (scheme == std::string_view::npos) return true;
  std::string_view host = from.substr(scheme + 3);
  host = host.substr(0, host.find('/'));
  return host != req.header("Host");
}
}  // namespace

Response Pipeline::execute(Request& req, const Route& route) const {
  try {
    if (hooks_.authenticate) req.principal = hooks_.authenticate(req);
    if (route.options.requires_auth && !req.principal) {
      return error_response(req, Error::make(ErrorKind::kUnauthenticated, "unauthenticated",
                                             "请先登录（会话不存在或已过期）",
                                             "Please log in (no session, or it has expired)"));
    }
    if (!route.options.needs.empty() &&
        !(req.principal && hooks_.holds && hooks_.holds(req, route.options.needs))) {
      return error_response(req, Error::forbidden());
    }
    if (req.principal && cross_origin_cookie_write(req)) {
      return error_response(
          req, Error::make(ErrorKind::kForbidden, "cross_origin", "拒绝来自其他网站的操作请求",
                           "Writes from another site's pages are refused"));
    }
    if (req.principal && hooks_.admit_account) {
      if (auto e = hooks_.admit_account(req)) return error_response(req, *e);
    }
    return route.handler(req);
  } catch (const DatabaseUnavailable& e) {
    log::warn("handler.database_unavailable",
              {{"request_id", req.request_id}, {"route", req.route}, {"what", e.what()}});
    return error_response(req, Error::unavailable("数据库暂时不可用，请稍后重试",
                                                  "The database is unavailable, retry shortly"));
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

// Methods as labels: the standard ones by name, anything a client invents as
// one label, so the metrics stay the same size whatever is sent.
std::string_view method_label(const std::string& method) {
  static constexpr std::string_view kKnown[] = {"GET",   "HEAD",   "POST",   "PUT",
                                                "PATCH", "DELETE", "OPTIONS"};
  for (auto k : kKnown)
    if (method == k) return k;
  return "OTHER";
}

RouteMetrics& metrics_for(const std::string& route, std::string_view method, int status) {
  // Per-thread cache: the registry lookup (a mutex) happens once per thread and label set.
  thread_local std::unordered_map<std::string, RouteMetrics> cache;
  std::string key = fmt::format("{} {} {}", method, route, status);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  std::string labels =
      metrics::label("route", route) + "," + metrics::label("method", std::string(method));
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
  // Routes are patterns ("/api/v1/nodes/{id}"), "static", "limited" or "unmatched": a
  // bounded set, like the methods and statuses.
  auto& m = metrics_for(req.route.empty() ? "unmatched" : req.route, method_label(req.method),
                        res.status);
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
