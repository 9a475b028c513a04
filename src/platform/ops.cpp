#include "platform/ops.hpp"

#include <soci/soci.h>
#include <boost/json.hpp>

#include "platform/auth/principal.hpp"
#include "platform/core/metrics.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/http/sse.hpp"
#include "platform/version.hpp"

namespace gridgov::ops {
namespace json = boost::json;
using http::Request;
using http::Response;

void routes(http::Router& router, Services& svc, std::function<bool()> draining) {
  router.add(
      "GET", "/healthz",
      [](Request&) {
        return http::ok_json(json::object{{"status", "ok"}});
      },
      {.requires_auth = false, .runs_inline = true, .summary = "Liveness: the process answers"});

  router.add("GET", "/readyz",
             [&svc, draining](Request& req) {
               if (draining()) {
                 return http::error_response(req,
                                             Error::unavailable("服务正在停止", "Shutting down"));
               }
               try {
                 int one = 0;
                 svc.db.read([&](soci::session& s) { s << "SELECT 1", soci::into(one); });
                 if (one != 1) throw std::runtime_error("SELECT 1 failed");
               } catch (const std::exception&) {
                 return http::error_response(
                     req, Error::unavailable("数据库不可用", "Database unavailable"));
               }
               return http::ok_json(json::object{{"status", "ready"}});
             },
             {.requires_auth = false, .summary = "Readiness: database reachable, not draining"});

  router.add("GET", "/metrics",
             [&svc](Request&) {
               metrics::global()
                   .gauge("gridgov_sse_subscribers", "Open live event streams")
                   .set(static_cast<std::int64_t>(svc.hub.subscribers()));
               Response r;
               r.content_type = "text/plain; version=0.0.4; charset=utf-8";
               r.body = metrics::global().render();
               return r;
             },
             {.requires_auth = false, .runs_inline = true, .summary = "Prometheus metrics"});

  router.add("GET", "/api/v1/version",
             [](Request&) {
               return http::ok_json(json::object{{"name", "gridgov"}, {"version", kVersion}});
             },
             {.requires_auth = false, .runs_inline = true, .summary = "The server's version"});

  router.add("GET", "/api/v1/events",
             [&svc](Request& req) {
               // Events reach a subscriber only where it may read them (node.read for the
               // tree, case.read for cases…), checked per event against its grants.
               if (svc.authz.scopes(*req.principal, "node.read").empty()) {
                 return http::error_response(req, Error::forbidden());
               }
               std::vector<std::string> topics;
               if (auto t = req.query_param("topics")) {
                 std::size_t pos = 0;
                 while (pos <= t->size() && topics.size() < 20) {
                   std::size_t comma = t->find(',', pos);
                   if (comma == std::string::npos) comma = t->size();
                   if (comma > pos) topics.push_back(t->substr(pos, comma - pos));
                   pos = comma + 1;
                 }
               }
               auto filter = [authz = &svc.authz, who = req.principal,
                              topics](const http::Event& e) {
                 if (!authz->can(*who, e.read_action, e.node_path)) return false;
                 if (topics.empty()) return true;
                 for (const auto& t : topics)
                   if (e.topic.rfind(t, 0) == 0) return true;
                 return false;
               };
               Response r;
               r.sse = svc.hub.subscribe(filter);
               return r;
             },
             {.summary = "Live events in the caller's scope (server-sent events)"});
}

}  // namespace gridgov::ops
