#pragma once
// Subscriptions (a client system's URL and the events it wants) and the
// deliveries owed to them: an outbox written in the same transaction as the
// change it reports, sent in order per case, every attempt recorded.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"

namespace gridgov::webhooks {

struct Subscription {
  Id id = 0;
  Id client_id = 0;
  std::string node_path;  // the client's node: only events there reach it
  std::string url;
  std::vector<std::string> events;
  std::string secret;  // sealed (privacy::Vault); signs every delivery
  Millis created_at = 0, removed_at = 0;
  Id created_by = 0;  // the account that registered it (0: a client system)
  bool wants(const std::string& type) const;
};

struct Delivery {
  Id id = 0;  // time-ordered: the order events happened in
  Id subscription_id = 0;
  std::string event_type, subject, payload;
  std::string state;  // pending | delivered | failed
  int attempts = 0;
  Millis next_attempt_at = 0, delivered_at = 0, created_at = 0;
  int last_status = 0;
  std::string last_error;
};

struct Attempt {
  Id id = 0, delivery_id = 0;
  Millis at = 0;
  int status = 0;
  std::string error;
  long long millis = 0;
};

std::vector<Migration> migrations();

void insert(WriteTx& tx, const Subscription& s);
void remove(WriteTx& tx, Id id, Millis now);
std::vector<Subscription> active(soci::session& sql);
std::vector<Subscription> list(soci::session& sql, Id client_id);  // 0: every client's
std::optional<Subscription> get(soci::session& sql, Id id);

// A domain event some subscriber wants, recorded inside the write that caused
// it (prepared once on the writer's connection) — nothing more is done there.
// The sender makes the recorded events into deliveries, in id order, off the
// writer thread, and forgets them in the same transaction.
struct Event {
  Id id = 0;  // time-ordered: the order the writes committed in
  std::string topic, node_path, payload;
  Millis created_at = 0;
};
void record_event(WriteTx& tx, const Event& e);
std::vector<Event> recorded_events(soci::session& sql, int limit);
void forget_events(WriteTx& tx, Id last);  // every event up to and including `last`

// Queues a delivery.
void enqueue(WriteTx& tx, const Delivery& d);
// What may be sent now: for each (subscription, case), its oldest delivery
// still pending — only when that one is due, so later events wait for it.
// Subscriptions in `skip` (receivers found down this round) are left out.
std::vector<Delivery> due(soci::session& sql, Millis now, int limit, const std::set<Id>& skip);
// One attempt's outcome: delivered, or pending again at `next`, or failed for good.
void record(WriteTx& tx, const Delivery& d, const Attempt& a, const std::string& state,
            Millis next);
std::vector<Delivery> deliveries(soci::session& sql, Id subscription_id, const std::string& state,
                                 int limit);
std::optional<Delivery> delivery(soci::session& sql, Id id);
std::vector<Attempt> attempts(soci::session& sql, Id delivery_id);
// A failed delivery sent again from now (attempts start over).
void retry(WriteTx& tx, Id delivery_id, Millis now);

}  // namespace gridgov::webhooks
