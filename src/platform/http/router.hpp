#pragma once
// Routes: method + pattern ("/api/v1/nodes/{id}") → handler, with the options
// the platform applies the same way to every handler (authentication, where it runs).
#include <functional>
#include <string>
#include <vector>

#include "platform/http/body_spec.hpp"
#include "platform/http/message.hpp"

namespace gridgov::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  bool requires_auth = true;  // 401 before the handler when nobody is logged in
  bool runs_inline = false;   // cheap, non-blocking: run on the I/O thread
  std::string summary;        // one line for the route list / API docs
  // The request body (POST, PUT, PATCH), declared once: it is documented and
  // validated from this (see body_spec.hpp), e.g. "name:string! node_id:id".
  std::string body;
  // An action the caller must hold somewhere, checked before the handler reads
  // anything: without it the answer is 403, never what the body lacks. The
  // handler still checks the node the request is about.
  std::string needs;
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // split pattern; "{x}" marks a parameter
  BodySpec body;                      // options.body, parsed
};

// A handler's answer: the response, or the Error that stopped it. The platform
// turns an Error into the error response (status, shape, language), so a handler
// only says what went wrong: `if (!body) return body.error();`.
using Reply = Result<Response>;

// Adapts a callable `Reply (Request&)`, mapping its Error to the error response.
template <class F>
Handler replying(F fn) {
  return [fn = std::move(fn)](Request& req) {
    Reply r = fn(req);
    return r ? std::move(*r) : error_response(req, r.error());
  };
}
// Adapts `Reply fn(Context&, Request&)` bound to `ctx`, the same way.
template <class Context>
Handler bind(Context& ctx, Reply (*fn)(Context&, Request&)) {
  return replying([&ctx, fn](Request& req) { return fn(ctx, req); });
}

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  enum class Outcome { kFound, kNotFound, kWrongMethod };
  struct Match {
    Outcome outcome = Outcome::kNotFound;
    const Route* route = nullptr;
    std::vector<std::string> allowed;  // for 405: the methods that would match
  };
  // Fills req.params and req.route on success.
  Match match(Request& req) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace gridgov::http
