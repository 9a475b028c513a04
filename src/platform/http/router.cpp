#include "platform/http/router.hpp"

#include <stdexcept>

namespace gridgov::http {
namespace {
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}
}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  for (const auto& r : routes_) {
    if (r.method == method && r.pattern == pattern) {
      throw std::logic_error("route registered twice: " + method + " " + pattern);
    }
  }
  auto body = BodySpec::parse(options.body);
  if (!body) throw std::logic_error("malformed body spec for " + method + " " + pattern);
  Route r{std::move(method), std::move(pattern), std::move(handler), std::move(options), {}, {}};
  r.segments = split_path(r.pattern);
  r.body = std::move(*body);
  routes_.push_back(std::move(r));
}

Router::Match Router::match(Request& req) const {
  Match m;
  auto segs = split_path(req.path);
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      ok = is_param(r.segments[i]) || r.segments[i] == segs[i];
    }
    if (!ok) continue;
    bool method_ok = r.method == req.method || (req.method == "HEAD" && r.method == "GET");
    if (!method_ok) {
      m.allowed.push_back(r.method);
      continue;
    }
    req.params.clear();
    for (std::size_t i = 0; i < segs.size(); ++i) {
      if (is_param(r.segments[i])) {
        req.params[r.segments[i].substr(1, r.segments[i].size() - 2)] = segs[i];
      }
    }
    req.route = r.pattern;
    req.body_spec = &r.body;
    m.outcome = Outcome::kFound;
    m.route = &r;
    return m;
  }
  if (!m.allowed.empty()) m.outcome = Outcome::kWrongMethod;
  return m;
}

}  // namespace gridgov::http
