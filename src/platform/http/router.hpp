#pragma once
// Routes: method + pattern ("/api/v1/nodes/{id}") → handler, with the options
// the platform applies the same way to every handler (authentication, where it runs).
#include <functional>
#include <string>
#include <vector>

#include "platform/http/message.hpp"

namespace gridgov::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  bool requires_auth = true;  // 401 before the handler when nobody is logged in
  bool runs_inline = false;   // cheap, non-blocking: run on the I/O thread
  std::string summary;        // one line for the route list / API docs
  // The request body, for the API description (POST, PUT, PATCH): JSON fields as
  // "name:type …" ('!' after the type: required; types string, id, ids,
  // integer, number, boolean, object, array), "form: …" for form fields,
  // "upload" (a file is the body) or "none".
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
};

// A handler's answer: the response, or the Error that stopped it. The platform
// turns an Error into the error response (status, shape, language), so a handler
// only says what went wrong: `if (!body) return body.error();`.
using Reply = Result<Response>;

// Adapts `Response fn(Context&, Request&)` to a Handler bound to `ctx`.
template <class Context>
Handler bind(Context& ctx, Response (*fn)(Context&, Request&)) {
  return [&ctx, fn](Request& req) { return fn(ctx, req); };
}
// Adapts `Reply fn(Context&, Request&)`, mapping its Error to the error response.
template <class Context>
Handler bind(Context& ctx, Reply (*fn)(Context&, Request&)) {
  return [&ctx, fn](Request& req) {
    Reply r = fn(ctx, req);
    return r ? std::move(*r) : error_response(req, r.error());
  };
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
