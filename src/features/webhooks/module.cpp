#include "features/webhooks/module.hpp"

#include "features/webhooks/api.hpp"
#include "features/webhooks/outbox.hpp"
#include "features/webhooks/store.hpp"
#include "platform/config/config.hpp"

namespace gridgov::webhooks {

Module module() {
  Module m;
  m.name = "webhooks";
  m.settings = {
      {"webhooks.timeout_ms", "5000", "Time a receiver has to answer  接收方应答时限(毫秒)"},
      {"webhooks.retry_base_ms", "10000",
       "First retry after a failed delivery, doubled each time  首次重试间隔(毫秒)"},
      {"webhooks.retry_max_ms", "3600000", "Longest wait between retries  最长重试间隔(毫秒)"},
      {"webhooks.max_attempts", "12", "Attempts before a delivery is given up  最多投递次数"},
  };
  m.events = {{"ping", "测试推送", "A test delivery asked for by hand", {}}};
  m.migrations = migrations;
  m.routes = routes;
  m.start = [](Services& svc) -> Status {
    reload(svc);
    install_outbox(svc);
    return {};
  };
  // On its own thread: a slow receiver never holds up the other jobs.
  m.jobs = {{"webhooks.send", 1000, send_due, true}};
  m.sealed = {{"webhook_subscriptions", "secret", "", ""}};
  return m;
}

}  // namespace gridgov::webhooks
