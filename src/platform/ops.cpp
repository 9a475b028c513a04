#include "platform/ops.hpp"

#include <soci/soci.h>
#include <boost/json.hpp>

#include <memory>
#include <set>

#include <openssl/crypto.h>

#include <cstdio>

#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/config/config.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/memory.hpp"
#include "platform/core/metrics.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/http/sse.hpp"
#include "platform/log/log.hpp"
#include "platform/text/text.hpp"
#include "platform/version.hpp"

namespace gridgov::ops {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {
json::array notices_json(const std::vector<Notice>& notices, bool english) {
  json::array out;
  for (const auto& n : notices)
    out.push_back(json::object{{"code", n.code},
                               {"message", english ? n.message_en : n.message_zh},
                               {"action", n.action},
                               {"link", n.link}});
  return out;
}

// /metrics for everyone, unless metrics.allow (addresses) or metrics.token
// (Bearer) is set: then only for those.
bool metrics_allowed(const Config& config, const Request& req) {
  std::string allow = config.str("metrics.allow"), token = config.str("metrics.token");
  if (allow.empty() && token.empty()) return true;
  if (!token.empty()) {
    std::string_view auth = req.header("Authorization");
    std::string expected = "Bearer " + token;
    if (auth.size() == expected.size() &&
        CRYPTO_memcmp(auth.data(), expected.data(), expected.size()) == 0)
      return true;
  }
  std::size_t pos = 0;
  while (pos <= allow.size()) {
    std::size_t comma = allow.find(',', pos);
    if (comma == std::string::npos) comma = allow.size();
    if (text::trim(std::string_view(allow).substr(pos, comma - pos)) == req.remote_ip) return true;
    pos = comma + 1;
  }
  return false;
}
}  // namespace

Job notice_log_job(NoticeSource notices) {
  Job job;
  job.name = "notices.log";
  job.interval_ms = 15 * 60000;
  struct Logged {
    std::string day;
    std::set<std::string> messages;  // logged on `day`
  };
  job.run = [notices, logged = std::make_shared<Logged>()](Services& svc) {
    std::string day = cst_date(svc.clock.now_ms());
    if (day != logged->day) *logged = {day, {}};
    for (const auto& n : notices())
      if (logged->messages.insert(n.message_en).second)
        log::warn("notice", {{"code", n.code}, {"what", n.message_en}});
    return Status();
  };
  return job;
}

Job audit_anchor_job() {
  Job job;
  job.name = "audit.anchor";
  job.interval_ms = 15 * 60000;
  job.run = [last_day = std::make_shared<std::string>()](Services& svc) -> Status {
    std::string day = cst_date(svc.clock.now_ms());
    if (day == *last_day) return {};
    auto heads = svc.db.read([](soci::session& s) { return audit::heads(s); });
    json::object o{{"day", day}, {"at", iso8601_cst(svc.clock.now_ms())}};
    json::object chains;
    for (const auto& [district, hash] : heads) chains[district] = hash;
    o["heads"] = std::move(chains);
    std::string line = json::serialize(o);
    log::info("audit.anchor", {{"day", day}, {"chains", heads.size()}, {"heads", line}});
    if (std::string file = svc.config.str("audit.anchor_file"); !file.empty()) {
      std::FILE* f = std::fopen(file.c_str(), "a");
      if (!f)
        return Error::unavailable("无法写入审计锚点文件 " + file,
                                  "Cannot append to the audit anchor file " + file);
      std::fprintf(f, "%s\n", line.c_str());
      std::fclose(f);
    }
    *last_day = day;
    return {};
  };
  return job;
}

Job memory_job() {
  Job job;
  job.name = "memory.give_back";
  job.interval_ms = 60000;
  job.run = [](Services&) -> Status {
    memory::give_back();
    memory::publish();
    return {};
  };
  return job;
}

void routes(http::Router& router, Services& svc, std::function<bool()> draining,
            NoticeSource notices) {
  router.add(
      "GET", "/healthz",
      [](Request&) {
        return http::ok_json(json::object{{"status", "ok"}});
      },
      {.requires_auth = false, .runs_inline = true, .summary = "Liveness: the process answers"});

  router.add("GET", "/readyz", http::replying([&svc, draining, notices](Request&) -> http::Reply {
               if (draining()) return Error::unavailable("服务正在停止", "Shutting down");
               try {
                 int one = 0;
                 svc.db.read([&](soci::session& s) { s << "SELECT 1", soci::into(one); });
                 if (one != 1) throw std::runtime_error("SELECT 1 failed");
               } catch (const std::exception&) {
                 return Error::unavailable("数据库不可用", "Database unavailable");
               }
               // What needs an administrator does not make the server unready: it is detail.
               return http::ok_json(
                   json::object{{"status", "ready"}, {"notices", notices_json(notices(), false)}});
             }),
             {.requires_auth = false,
              .summary = "Readiness: database reachable, not draining; notices as detail"});

  router.add("GET", "/api/v1/notices",
             [&svc, notices](Request& req) {
               std::vector<Notice> mine;
               for (auto& n : notices())
                 if (svc.authz.can(*req.principal, n.action, "/1/")) mine.push_back(std::move(n));
               return http::ok_json(json::object{{"items", notices_json(mine, req.english())}});
             },
             {.summary = "What the caller, as an administrator, must see to (dashboard banner)"});

  router.add("GET", "/metrics", http::replying([&svc](Request& req) -> http::Reply {
               if (!metrics_allowed(svc.config, req)) return Error::forbidden();
               metrics::global()
                   .gauge("gridgov_sse_subscribers", "Open live event streams")
                   .set(static_cast<std::int64_t>(svc.hub.subscribers()));
               memory::publish();
               Response r;
               r.content_type = "text/plain; version=0.0.4; charset=utf-8";
               r.body = metrics::global().render();
               return r;
             }),
             // Rendering walks every series: on a worker, never on an I/O thread.
             {.requires_auth = false,
              .summary = "Prometheus metrics (metrics.allow / metrics.token may restrict them)"});

  router.add("GET", "/api/v1/version",
             [](Request&) {
               return http::ok_json(json::object{{"name", "gridgov"}, {"version", kVersion}});
             },
             {.requires_auth = false, .runs_inline = true, .summary = "The server's version"});

  router.add(
      "GET", "/api/v1/events", http::replying([&svc](Request& req) -> http::Reply {
        // Events reach a subscriber only where it may read them (node.read for the
        // tree, case.read for cases…), checked per event against its grants.
        if (svc.authz.scopes(*req.principal, "node.read").empty()) return Error::forbidden();
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
        auto filter = [authz = &svc.authz, who = req.principal, topics](const http::Event& e) {
          if (!authz->can(*who, e.read_action, e.node_path)) return false;
          if (topics.empty()) return true;
          for (const auto& t : topics)
            if (e.topic.rfind(t, 0) == 0) return true;
          return false;
        };
        Response r;
        // Bound to the session: closed when it ends or the account changes, and at
        // the first heartbeat past the session's expiry.
        Millis until = req.principal->session_expires_at;
        r.sse = svc.hub.subscribe(filter, req.principal->account_id, [clock = &svc.clock, until] {
          return until == 0 || clock->now_ms() < until;
        });
        return r;
      }),
      {.summary = "Live events in the caller's scope (server-sent events)"});
}

}  // namespace gridgov::ops
