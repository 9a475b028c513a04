#include "app/runtime.hpp"

#include <cstdlib>
#include <iostream>
#include <thread>

#include "platform/auth/passwords.hpp"
#include "platform/auth/rate_limit.hpp"
#include "platform/figures.hpp"
#include "platform/http/openapi.hpp"
#include "platform/http/router.hpp"
#include "platform/http/server.hpp"
#include "platform/jobs.hpp"
#include "platform/log/log.hpp"
#include "platform/ops.hpp"
#include "platform/privacy/keys.hpp"
#include "platform/text/pinyin.hpp"
#include "platform/tree/tree.hpp"
#include "platform/version.hpp"

namespace gridgov {

Runtime::~Runtime() {
  if (db) db->stop_writer();
}

Result<std::unique_ptr<Runtime>> open_runtime(const Config& config) {
  auto rt = std::make_unique<Runtime>();
  rt->config = config;
  Millis start = 0;
  if (const std::string& at = config.str("clock.start"); !at.empty()) {
    start = parse_iso8601(at).value_or(0);
    log::warn("clock.shifted", {{"start", iso8601_cst(start)}});
  }
  rt->clock = std::make_unique<ShiftedClock>(start);
  passwords::init(static_cast<int>(config.integer("auth.hash_concurrency")));
  if (auto st = pinyin::load(config.str("search.pinyin_table")); !st) {
    log::warn("pinyin.unavailable", {{"what", st.error().message_en}});
  }
  DbOptions opts;
  opts.url = config.str("database");
  opts.readers = static_cast<int>(config.integer("db.readers"));
  opts.busy_timeout_ms = static_cast<int>(config.integer("db.busy_timeout_ms"));
  opts.sqlite_synchronous = config.str("db.sqlite_synchronous");
  opts.sqlite_cache_mib = static_cast<int>(config.integer("db.sqlite_cache_mib"));
  opts.sqlite_mmap_mib = static_cast<int>(config.integer("db.sqlite_mmap_mib"));
  opts.max_batch = static_cast<int>(std::max<long long>(1, config.integer("db.max_batch")));
  opts.statement_timeout_ms = static_cast<int>(config.integer("db.statement_timeout_ms"));
  auto db = Database::open(opts);
  if (!db) return db.error();
  rt->db = std::move(*db);

  rt->modules = all_modules();
  rt->catalog = feature_catalog(rt->modules);
  std::vector<Migration> migrations = tree::migrations();
  for (auto& x : privacy::migrations()) migrations.push_back(std::move(x));
  for (const auto& m : rt->modules) {
    if (m.migrations)
      for (auto& x : m.migrations()) migrations.push_back(std::move(x));
    for (const auto& a : m.actions) rt->authz.declare(a);
  }
  auto applied = rt->db->migrate(migrations);
  if (!applied) return applied.error();
  // The personal-data keys: from the environment or the key file (made on first start).
  const char* env_keys = std::getenv("GRIDGOV_PRIVACY_KEYS");
  auto vault = privacy::Vault::load(config.str("privacy.key_file"), env_keys ? env_keys : "", true);
  if (!vault) return vault.error();
  if (auto st = privacy::check_keys(*rt->db, *vault); !st) return st.error();
  rt->vault = std::make_unique<privacy::Vault>(std::move(*vault));

  SessionSettings ss;
  ss.idle_ms = config.integer("auth.session_idle_minutes") * 60000;
  ss.absolute_ms = config.integer("auth.session_absolute_hours") * 3600000;
  ss.max_failures = static_cast<int>(config.integer("auth.max_failures"));
  ss.lockout_ms = config.integer("auth.lockout_minutes") * 60000;
  ss.login_per_ip_per_minute = static_cast<double>(config.integer("auth.login_per_ip_per_minute"));
  ss.login_per_account_per_minute =
      static_cast<double>(config.integer("auth.login_per_account_per_minute"));
  rt->sessions = std::make_unique<Sessions>(*rt->db, *rt->clock, ss);
  // A change to an account (logout, disable, grants) ends its live streams at once.
  rt->sessions->on_forget([hub = &rt->hub](Id account) { hub->close_owner(account); });
  rt->exports = std::make_unique<Gate>(static_cast<int>(config.integer("export.concurrency")));
  rt->services = std::unique_ptr<Services>(new Services{*rt->db, rt->authz, *rt->sessions, rt->hub,
                                                        *rt->clock, rt->config, *rt->vault,
                                                        rt->tasks, rt->catalog, *rt->exports});
  rt->fanout = std::make_unique<EventFanout>([hub = &rt->hub](std::vector<DomainEvent>& events) {
    for (auto& e : events)
      hub->publish({std::move(e.topic), std::move(e.node_path), std::move(e.json), 0,
                    std::move(e.read_action)});
  });
  rt->db->set_event_sink([fanout = rt->fanout.get()](std::vector<DomainEvent>& events) {
    fanout->push(std::move(events));
  });
  return rt;
}

namespace {
ops::NoticeSource notices_of(Runtime& rt) {
  return [&rt] {
    std::vector<Notice> all;
    for (const auto& m : rt.modules)
      if (m.notices)
        for (auto& n : m.notices(*rt.services)) all.push_back(std::move(n));
    return all;
  };
}
}  // namespace

void add_routes(http::Router& router, Runtime& rt, std::function<bool()> draining) {
  ops::routes(router, *rt.services, std::move(draining), notices_of(rt));
  figure_routes(router, *rt.services);
  for (const auto& m : rt.modules)
    if (m.routes) m.routes(router, *rt.services);
  http::docs_routes(router, kVersion);  // last: it describes all the others
}

int serve(Runtime& rt) {
  const Config& c = rt.config;
  http::Router router;
  http::Server* server_ptr = nullptr;
  std::vector<Job> jobs;
  for (const auto& m : rt.modules) {
    if (m.start) {
      if (auto st = m.start(*rt.services); !st) {
        log::write(log::Level::kError, "module.start_failed",
                   {{"module", m.name}, {"error", st.error().message_en}});
        std::cerr << "错误: " << st.error().message_zh << "\nerror: " << st.error().message_en
                  << "\n";
        return 1;
      }
    }
    jobs.insert(jobs.end(), m.jobs.begin(), m.jobs.end());
  }
  jobs.push_back(ops::notice_log_job(notices_of(rt)));
  jobs.push_back(ops::audit_anchor_job());
  jobs.push_back(ops::memory_job());
  add_routes(router, rt, [&server_ptr] { return server_ptr && server_ptr->draining(); });
  // Jobs share one thread, except those that wait on other systems: each gets its own.
  std::vector<std::unique_ptr<JobRunner>> runners;
  std::vector<Job> shared;
  for (auto& job : jobs) {
    if (job.own_thread)
      runners.push_back(std::make_unique<JobRunner>(*rt.services, std::vector<Job>{job}));
    else
      shared.push_back(job);
  }
  runners.push_back(std::make_unique<JobRunner>(*rt.services, std::move(shared)));

  auto ip_limit =
      std::make_shared<RateLimiter>(static_cast<double>(c.integer("limits.ip_rps")),
                                    static_cast<double>(c.integer("limits.ip_rps") * 2));
  auto account_limit =
      std::make_shared<RateLimiter>(static_cast<double>(c.integer("limits.account_rps")),
                                    static_cast<double>(c.integer("limits.account_rps") * 2));
  auto too_many = [] {
    Error e = Error::make(ErrorKind::kTooManyRequests, "rate_limited", "请求过于频繁，请稍后再试",
                          "Too many requests, slow down");
    e.retry_after_s = 1;  // the bucket refills every second
    return e;
  };
  http::PipelineHooks hooks;
  hooks.authenticate = [&rt](const http::Request& req) { return rt.sessions->authenticate(req); };
  hooks.admit_ip = [ip_limit, too_many, &rt](const http::Request& req) -> std::optional<Error> {
    if (ip_limit->allow(req.remote_ip, rt.clock->now_ms())) return std::nullopt;
    return too_many();
  };
  hooks.admit_account = [account_limit, too_many,
                         &rt](const http::Request& req) -> std::optional<Error> {
    if (account_limit->allow(std::to_string(req.principal->account_id), rt.clock->now_ms()))
      return std::nullopt;
    return too_many();
  };
  hooks.who = [](const http::Request& req) { return req.principal->username; };
  hooks.holds = [&rt](const http::Request& req, const std::string& action) {
    return !rt.authz.scopes(*req.principal, action).empty();
  };
  http::Pipeline pipeline(router, hooks, c.str("http.web_root"), c.boolean("log.access"));

  http::ServerOptions so;
  so.host = c.str("http.host");
  so.port = static_cast<int>(c.integer("http.port"));
  so.threads = static_cast<int>(c.integer("http.threads"));
  so.max_header_bytes = static_cast<std::size_t>(c.integer("http.max_header_bytes"));
  so.max_body_bytes = static_cast<std::size_t>(c.integer("http.max_body_bytes"));
  so.max_upload_bytes = static_cast<std::size_t>(c.integer("http.max_upload_bytes"));
  so.max_sheet_bytes = static_cast<std::size_t>(c.integer("http.max_sheet_bytes"));
  so.header_timeout_ms = static_cast<int>(c.integer("http.header_timeout_ms"));
  so.request_timeout_ms = static_cast<int>(c.integer("http.request_timeout_ms"));
  so.idle_timeout_ms = static_cast<int>(c.integer("http.idle_timeout_ms"));
  so.max_connections = static_cast<int>(c.integer("http.max_connections"));
  // Reads are short: more threads than cores only add context switches
  // (measured: 4 threads on 2 cores serve 40% more than 8; see docs/benchmarks.md).
  so.workers = static_cast<int>(c.integer("workers"));
  if (so.workers == 0)
    so.workers = 2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  so.write_workers = static_cast<int>(c.integer("workers.write"));
  so.queue_limit = static_cast<int>(c.integer("workers.queue_limit"));
  so.shutdown_grace_ms = static_cast<int>(c.integer("http.shutdown_grace_ms"));
  http::Server server(so, pipeline);
  server_ptr = &server;
  auto port = server.listen();
  if (!port) {
    log::error("server.listen_failed", {{"what", port.error().message_en}});
    std::fprintf(stderr, "%s\n%s\n", port.error().message_zh.c_str(),
                 port.error().message_en.c_str());
    return 1;
  }
  log::info("server.listening",
            {{"host", so.host},
             {"port", *port},
             {"database", rt.db->backend() == Backend::kSqlite ? "sqlite" : "postgresql"}});
  std::printf("GridGov serving on http://%s:%d\n", so.host.c_str(), *port);
  std::fflush(stdout);
  for (auto& r : runners) r->start();
  server.run([&rt, &runners] {
    for (auto& r : runners) r->stop();  // before the writer: a running sweep finishes its write
    rt.tasks.stop();                    // a running import gives up and rolls back
    rt.hub.close_all();
    rt.db->stop_writer();  // commits whatever is queued
    log::info("server.writer_flushed");
    log::flush();
  });
  return 0;
}

}  // namespace gridgov
