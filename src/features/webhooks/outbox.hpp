#pragma once
// From the writer's events to deliveries, and from deliveries to receivers.
#include "platform/services.hpp"

namespace gridgov::webhooks {

// Reads the subscriptions in force into the cache the writer consults
// (at start and after every change to them).
void reload(Services& svc);
// Makes every write that emits an event some subscriber wants record it in the
// same transaction (nothing is lost in a crash, nothing sent that did not
// commit). A write pays one insert per such event, nothing else: no parsing,
// no envelope, no loop over deliveries on the writer thread.
void install_outbox(Services& svc);
// Off the writer thread: the recorded events, in the order they committed,
// become one delivery per interested subscription (envelope and all), and are
// forgotten in the same transaction.
Status make_deliveries(Services& svc);
// The periodic job: makes the deliveries, sends what is due, in order per case,
// and records the outcome.
Status send_due(Services& svc);

}  // namespace gridgov::webhooks
