#pragma once
// Webhooks' state changes as named commands, each run inside a write (its
// savepoint: an outcome other than success leaves nothing behind) and audited
// at the subscription's node, in its district's chain. The routes check who is
// calling (a person with the right to manage systems, or the system's own key)
// and the request's shape first; after the write commits they reload the
// senders' subscriptions.
#include <string>

#include "features/webhooks/store.hpp"
#include "platform/auth/audit.hpp"
#include "platform/db/database.hpp"

namespace gridgov::webhooks {

// Subscribe — `s` (its secret sealed, its events checked) starts receiving
// events of its client's area. Audited as webhook.create with its URL in the
// client's district. Always succeeds.
void subscribe(WriteTx& tx, const Actor& actor, const Subscription& s,
               const std::string& district_code);

// Unsubscribe — `s` receives nothing more (kept, with when it ended; its pending
// deliveries are no longer sent). Audited as webhook.remove. Always succeeds.
void unsubscribe(WriteTx& tx, const Actor& actor, const Subscription& s, Millis now);

// Ping — a test delivery to `s`'s receiver (event "ping", empty data) is queued,
// to check the receiver and its signature check. Audited as webhook.ping.
// Returns the delivery as queued. Always succeeds.
Delivery ping(WriteTx& tx, const Actor& actor, const Subscription& s, Millis now);

// Resend — the failed delivery `d` of `s` is sent again from its first attempt.
// Audited as webhook.retry. Outcomes: the delivery as queued; kConflict when
// `d` has not failed (only a failed delivery is sent again).
Result<Delivery> resend(WriteTx& tx, const Actor& actor, const Subscription& s, Delivery d,
                        Millis now);

}  // namespace gridgov::webhooks
