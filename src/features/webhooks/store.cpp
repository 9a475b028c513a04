#include "features/webhooks/store.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "platform/db/row_map.hpp"
#include "platform/db/rows.hpp"

namespace gridgov::webhooks {

std::vector<Migration> migrations() {
  return {{"webhooks",
           1,
           "subscriptions, the delivery outbox, attempts",
           {"CREATE TABLE webhook_subscriptions (id BIGINT PRIMARY KEY, client_id BIGINT NOT NULL,"
            " node_path TEXT NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL,"
            " secret TEXT NOT NULL, created_at BIGINT NOT NULL, created_by BIGINT NOT NULL,"
            " removed_at BIGINT NOT NULL DEFAULT 0)",
            "CREATE TABLE webhook_deliveries (id BIGINT PRIMARY KEY,"
            " subscription_id BIGINT NOT NULL, event_type TEXT NOT NULL, subject TEXT NOT NULL,"
            " payload TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,"
            " next_attempt_at BIGINT NOT NULL, last_status INTEGER NOT NULL,"
            " last_error TEXT NOT NULL, delivered_at BIGINT NOT NULL, created_at BIGINT NOT NULL)",
            // One index, and only over what is pending (rows leave it once sent): each
            // delivery costs intake one small index entry. The sender finds each case's
            // oldest through it; the lists read newest-first by id (few subscribers).
            "CREATE INDEX webhook_deliveries_pending ON webhook_deliveries"
            " (subscription_id, subject, id) WHERE state = 'pending'",
            "CREATE TABLE webhook_attempts (id BIGINT PRIMARY KEY, delivery_id BIGINT NOT NULL,"
            " at BIGINT NOT NULL, status INTEGER NOT NULL, error TEXT NOT NULL,"
            " millis BIGINT NOT NULL)",
            "CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, id)"},
           {}},
          {"webhooks",
           2,
           "events recorded with the change, made into deliveries by the sender",
           {"CREATE TABLE webhook_events (id BIGINT PRIMARY KEY, topic TEXT NOT NULL,"
            " node_path TEXT NOT NULL, payload TEXT NOT NULL, created_at BIGINT NOT NULL)"},
           {}}};
}

bool Subscription::wants(const std::string& type) const {
  return std::find(events.begin(), events.end(), type) != events.end();
}

namespace {

std::string comma_joined(std::vector<std::string> v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}
std::vector<std::string> comma_split(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < text.size();) {
    auto comma = text.find(',', at);
    if (comma == std::string_view::npos) comma = text.size();
    out.emplace_back(text.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

const db::RowMap<Subscription>& subscription_map() {
  static const auto map = db::RowMap<Subscription>("webhook_subscriptions")
                              .col("id", &Subscription::id)
                              .col("client_id", &Subscription::client_id)
                              .col("node_path", &Subscription::node_path)
                              .col("url", &Subscription::url)
                              .text("events", &Subscription::events, comma_joined, comma_split)
                              .col("secret", &Subscription::secret)
                              .col("created_at", &Subscription::created_at)
                              .col("created_by", &Subscription::created_by)
                              .col("removed_at", &Subscription::removed_at);
  return map;
}

const db::RowMap<Delivery>& delivery_map() {
  static const auto map = db::RowMap<Delivery>("webhook_deliveries")
                              .col("id", &Delivery::id)
                              .col("subscription_id", &Delivery::subscription_id)
                              .col("event_type", &Delivery::event_type)
                              .col("subject", &Delivery::subject)
                              .col("payload", &Delivery::payload)
                              .col("state", &Delivery::state)
                              .col("attempts", &Delivery::attempts)
                              .col("next_attempt_at", &Delivery::next_attempt_at)
                              .col("last_status", &Delivery::last_status)
                              .col("last_error", &Delivery::last_error)
                              .col("delivered_at", &Delivery::delivered_at)
                              .col("created_at", &Delivery::created_at);
  return map;
}
// Deliveries as `d` (the sender's query compares each with its case's others).
template <class Bind>
std::vector<Delivery> select_deliveries(soci::session& sql, const std::string& rest, Bind bind) {
  return db::read_joined(delivery_map(), sql, "d.", "webhook_deliveries d", rest, bind);
}

const db::RowMap<Event>& event_map() {
  static const auto map = db::RowMap<Event>("webhook_events")
                              .col("id", &Event::id)
                              .col("topic", &Event::topic)
                              .col("node_path", &Event::node_path)
                              .col("payload", &Event::payload)
                              .col("created_at", &Event::created_at);
  return map;
}

const db::RowMap<Attempt>& attempt_map() {
  static const auto map = db::RowMap<Attempt>("webhook_attempts")
                              .col("id", &Attempt::id)
                              .col("delivery_id", &Attempt::delivery_id)
                              .col("at", &Attempt::at)
                              .col("status", &Attempt::status)
                              .col("error", &Attempt::error)
                              .col("millis", &Attempt::millis);
  return map;
}

// The inserts made with every change or every send, prepared once on the writer's connection.
template <class T, const db::RowMap<T>& (*map)()>
struct Insert : db::PreparedWrite<T> {
  explicit Insert(soci::session& sql) : db::PreparedWrite<T>(sql, map(), map().insert_sql(), {}) {}
};
using DeliveryInsert = Insert<Delivery, delivery_map>;
using EventInsert = Insert<Event, event_map>;
using AttemptInsert = Insert<Attempt, attempt_map>;

}  // namespace

void record_event(WriteTx& tx, const Event& e) {
  auto& ins = tx.prepared<EventInsert>();
  ins.row() = e;
  ins.execute();
}

std::vector<Event> recorded_events(soci::session& sql, int limit) {
  return db::read_rows(event_map(), sql, "ORDER BY id LIMIT " + std::to_string(limit),
                       db::no_params);
}

void forget_events(WriteTx& tx, Id last) {
  tx.sql << "DELETE FROM webhook_events WHERE id <= :id", soci::use(last);
}

void insert(WriteTx& tx, const Subscription& s) {
  db::PreparedWrite<Subscription> ins(tx.sql, subscription_map(), subscription_map().insert_sql(),
                                      {});
  ins.row() = s;
  ins.execute();
}

void remove(WriteTx& tx, Id id, Millis now) {
  tx.sql << "UPDATE webhook_subscriptions SET removed_at = :t WHERE id = :id AND removed_at = 0",
      soci::use(now), soci::use(id);
  // What it was still owed is not sent any more.
  tx.sql << "UPDATE webhook_deliveries SET state = 'failed', last_error = 'subscription removed'"
            " WHERE subscription_id = :id AND state = 'pending'",
      soci::use(id);
}

std::vector<Subscription> active(soci::session& sql) {
  return db::read_rows(subscription_map(), sql, "WHERE removed_at = 0", db::no_params);
}

std::vector<Subscription> list(soci::session& sql, Id client_id) {
  if (!client_id) return db::read_rows(subscription_map(), sql, "ORDER BY id", db::no_params);
  return db::read_rows(subscription_map(), sql, "WHERE client_id = :c ORDER BY id",
                       [&](soci::statement& st) { st.exchange(soci::use(client_id, "c")); });
}

std::optional<Subscription> get(soci::session& sql, Id id) {
  return db::read_row(subscription_map(), sql, "WHERE id = :id",
                      [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
}

void enqueue(WriteTx& tx, const Delivery& d) {
  auto& ins = tx.prepared<DeliveryInsert>();
  ins.row() = d;
  ins.row().state = "pending";
  ins.row().attempts = 0;
  ins.row().last_status = 0;
  ins.row().last_error.clear();
  ins.row().delivered_at = 0;
  ins.execute();
}

std::vector<Delivery> due(soci::session& sql, Millis now, int limit, const std::set<Id>& skip) {
  std::string skipped;  // ids we made ourselves: safe to write into the statement
  for (Id id : skip) skipped += (skipped.empty() ? "" : ",") + std::to_string(id);
  return select_deliveries(
      sql,
      std::string("WHERE d.state = 'pending' AND d.next_attempt_at <= :now") +
          (skipped.empty() ? "" : " AND d.subscription_id NOT IN (" + skipped + ")") +
          " AND NOT EXISTS (SELECT 1 FROM"
          " webhook_deliveries e WHERE e.subscription_id = d.subscription_id AND e.subject ="
          " d.subject AND e.state = 'pending' AND e.id < d.id)"
          // In the pending index's order, so the planner reads that index (without
          // statistics it would otherwise walk the whole table in id order). Order
          // across cases does not matter; within a case only the oldest is returned.
          " ORDER BY d.subscription_id, d.subject, d.id LIMIT " +
          std::to_string(limit),
      [&](soci::statement& st) { st.exchange(soci::use(now, "now")); });
}

void record(WriteTx& tx, const Delivery& d, const Attempt& a, const std::string& state,
            Millis next) {
  auto& ins = tx.prepared<AttemptInsert>();
  ins.row() = a;
  ins.row().id = new_id();
  ins.row().delivery_id = d.id;
  ins.execute();
  Millis delivered = state == "delivered" ? a.at : 0;
  tx.sql << "UPDATE webhook_deliveries SET state = :st, attempts = attempts + 1,"
            " next_attempt_at = :next, last_status = :s, last_error = :e, delivered_at = :dat"
            " WHERE id = :id AND state = 'pending'",
      soci::use(state), soci::use(next), soci::use(a.status), soci::use(a.error),
      soci::use(delivered), soci::use(d.id);
}

std::vector<Delivery> deliveries(soci::session& sql, Id subscription_id, const std::string& state,
                                 int limit) {
  std::string where = "WHERE d.subscription_id = :s";
  if (!state.empty()) where += " AND d.state = :st";
  return select_deliveries(sql, where + " ORDER BY d.id DESC LIMIT " + std::to_string(limit),
                           [&](soci::statement& st) {
                             st.exchange(soci::use(subscription_id, "s"));
                             if (!state.empty()) st.exchange(soci::use(state, "st"));
                           });
}

std::optional<Delivery> delivery(soci::session& sql, Id id) {
  auto found = select_deliveries(sql, "WHERE d.id = :id",
                                 [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Attempt> attempts(soci::session& sql, Id delivery_id) {
  return db::read_rows(attempt_map(), sql, "WHERE delivery_id = :d ORDER BY id",
                       [&](soci::statement& st) { st.exchange(soci::use(delivery_id, "d")); });
}

void retry(WriteTx& tx, Id delivery_id, Millis now) {
  tx.sql << "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = :t"
            " WHERE id = :id AND state = 'failed'",
      soci::use(now), soci::use(delivery_id);
}

}  // namespace gridgov::webhooks
