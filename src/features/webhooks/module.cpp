#include "features/webhooks/module.hpp"

#include "features/webhooks/api.hpp"
#include "features/webhooks/outbox.hpp"
#include "features/webhooks/store.hpp"
#include "platform/config/config.hpp"

namespace gridgov::webhooks {

Module module() {
  Module m;
  m.name = "webhooks";
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
