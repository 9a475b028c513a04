#pragma once
// From the writer's events to deliveries, and from deliveries to receivers.
#include "platform/services.hpp"

namespace gridgov::webhooks {

// Reads the subscriptions in force into the cache the writer consults
// (at start and after every change to them).
void reload(Services& svc);
// Makes every write that emits an event a subscriber wants queue its delivery
// in the same transaction (nothing is lost in a crash, nothing sent that did
// not commit). A write pays one insert per interested subscriber, nothing else.
void install_outbox(Services& svc);
// The periodic job: sends what is due, in order per case, and records the outcome.
Status send_due(Services& svc);

}  // namespace gridgov::webhooks
