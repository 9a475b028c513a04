#include "features/webhooks/store.hpp"

#include <soci/soci.h>

#include <algorithm>

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

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

struct SubscriptionRow {
  Subscription s;
  std::string events;
  void bind(soci::statement& st) {
    st.exchange(soci::into(s.id));
    st.exchange(soci::into(s.client_id));
    st.exchange(soci::into(s.node_path));
    st.exchange(soci::into(s.url));
    st.exchange(soci::into(events));
    st.exchange(soci::into(s.secret));
    st.exchange(soci::into(s.created_at));
    st.exchange(soci::into(s.removed_at));
  }
  Subscription get() const {
    Subscription out = s;
    for (std::size_t at = 0; at < events.size();) {
      auto comma = events.find(',', at);
      out.events.push_back(events.substr(at, comma == std::string::npos ? comma : comma - at));
      at = comma == std::string::npos ? events.size() : comma + 1;
    }
    return out;
  }
};
constexpr const char* kSubscription =
    "SELECT id, client_id, node_path, url, events, secret, created_at, removed_at"
    " FROM webhook_subscriptions WHERE ";

struct DeliveryRow {
  Delivery d;
  void bind(soci::statement& st) {
    st.exchange(soci::into(d.id));
    st.exchange(soci::into(d.subscription_id));
    st.exchange(soci::into(d.event_type));
    st.exchange(soci::into(d.subject));
    st.exchange(soci::into(d.payload));
    st.exchange(soci::into(d.state));
    st.exchange(soci::into(d.attempts));
    st.exchange(soci::into(d.next_attempt_at));
    st.exchange(soci::into(d.last_status));
    st.exchange(soci::into(d.last_error));
    st.exchange(soci::into(d.delivered_at));
    st.exchange(soci::into(d.created_at));
  }
  Delivery get() const { return d; }
};
constexpr const char* kDelivery =
    "SELECT d.id, d.subscription_id, d.event_type, d.subject, d.payload, d.state, d.attempts,"
    " d.next_attempt_at, d.last_status, d.last_error, d.delivered_at, d.created_at"
    " FROM webhook_deliveries d WHERE ";

// The outbox insert, prepared once on the writer's connection.
struct DeliveryInsert {
  Delivery d;
  soci::statement st;
  explicit DeliveryInsert(soci::session& sql)
      : st((sql.prepare << "INSERT INTO webhook_deliveries (id, subscription_id, event_type,"
                           " subject, payload, state, attempts, next_attempt_at, last_status,"
                           " last_error, delivered_at, created_at) VALUES (:id, :s, :t, :subj,"
                           " :p, 'pending', 0, :next, 0, '', 0, :at)",
            soci::use(d.id), soci::use(d.subscription_id), soci::use(d.event_type),
            soci::use(d.subject), soci::use(d.payload), soci::use(d.next_attempt_at),
            soci::use(d.created_at))) {}
};

struct EventInsert {
  Event e;
  soci::statement st;
  explicit EventInsert(soci::session& sql)
      : st((sql.prepare << "INSERT INTO webhook_events (id, topic, node_path, payload, created_at)"
                           " VALUES (:id, :t, :p, :j, :at)",
            soci::use(e.id), soci::use(e.topic), soci::use(e.node_path), soci::use(e.payload),
            soci::use(e.created_at))) {}
};

struct EventRow {
  Event e;
  void bind(soci::statement& st) {
    st.exchange(soci::into(e.id));
    st.exchange(soci::into(e.topic));
    st.exchange(soci::into(e.node_path));
    st.exchange(soci::into(e.payload));
    st.exchange(soci::into(e.created_at));
  }
  Event get() const { return e; }
};

}  // namespace

void record_event(WriteTx& tx, const Event& e) {
  auto& ins = tx.prepared<EventInsert>();
  ins.e = e;
  ins.st.execute(true);
}

std::vector<Event> recorded_events(soci::session& sql, int limit) {
  return db::select_rows<EventRow>(
      sql,
      "SELECT id, topic, node_path, payload, created_at FROM webhook_events ORDER BY id"
      " LIMIT " +
          std::to_string(limit),
      db::no_params);
}

void forget_events(WriteTx& tx, Id last) {
  tx.sql << "DELETE FROM webhook_events WHERE id <= :id", soci::use(last);
}

void insert(WriteTx& tx, const Subscription& s, Id by) {
  std::string events = joined(s.events);
  tx.sql << "INSERT INTO webhook_subscriptions (id, client_id, node_path, url, events, secret,"
            " created_at, created_by) VALUES (:id, :c, :p, :u, :e, :s, :at, :by)",
      soci::use(s.id), soci::use(s.client_id), soci::use(s.node_path), soci::use(s.url),
      soci::use(events), soci::use(s.secret), soci::use(s.created_at), soci::use(by);
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
  return db::select_rows<SubscriptionRow>(sql, std::string(kSubscription) + "removed_at = 0",
                                          db::no_params);
}

std::vector<Subscription> list(soci::session& sql, Id client_id) {
  if (!client_id)
    return db::select_rows<SubscriptionRow>(sql, std::string(kSubscription) + "1 = 1 ORDER BY id",
                                            db::no_params);
  return db::select_rows<SubscriptionRow>(
      sql, std::string(kSubscription) + "client_id = :c ORDER BY id",
      [&](soci::statement& st) { st.exchange(soci::use(client_id, "c")); });
}

std::optional<Subscription> get(soci::session& sql, Id id) {
  return db::select_one<SubscriptionRow>(
      sql, std::string(kSubscription) + "id = :id",
      [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
}

void enqueue(WriteTx& tx, const Delivery& d) {
  auto& ins = tx.prepared<DeliveryInsert>();
  ins.d = d;
  ins.st.execute(true);
}

std::vector<Delivery> due(soci::session& sql, Millis now, int limit, const std::set<Id>& skip) {
  std::string skipped;  // ids we made ourselves: safe to write into the statement
  for (Id id : skip) skipped += (skipped.empty() ? "" : ",") + std::to_string(id);
  return db::select_rows<DeliveryRow>(
      sql,
      std::string(kDelivery) + "d.state = 'pending' AND d.next_attempt_at <= :now" +
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
  Id id = new_id();
  tx.sql << "INSERT INTO webhook_attempts (id, delivery_id, at, status, error, millis)"
            " VALUES (:id, :d, :at, :s, :e, :m)",
      soci::use(id), soci::use(d.id), soci::use(a.at), soci::use(a.status), soci::use(a.error),
      soci::use(a.millis);
  Millis delivered = state == "delivered" ? a.at : 0;
  tx.sql << "UPDATE webhook_deliveries SET state = :st, attempts = attempts + 1,"
            " next_attempt_at = :next, last_status = :s, last_error = :e, delivered_at = :dat"
            " WHERE id = :id AND state = 'pending'",
      soci::use(state), soci::use(next), soci::use(a.status), soci::use(a.error),
      soci::use(delivered), soci::use(d.id);
}

std::vector<Delivery> deliveries(soci::session& sql, Id subscription_id, const std::string& state,
                                 int limit) {
  std::string where = "d.subscription_id = :s";
  if (!state.empty()) where += " AND d.state = :st";
  return db::select_rows<DeliveryRow>(
      sql, std::string(kDelivery) + where + " ORDER BY d.id DESC LIMIT " + std::to_string(limit),
      [&](soci::statement& st) {
        st.exchange(soci::use(subscription_id, "s"));
        if (!state.empty()) st.exchange(soci::use(state, "st"));
      });
}

std::optional<Delivery> delivery(soci::session& sql, Id id) {
  return db::select_one<DeliveryRow>(
      sql, std::string(kDelivery) + "d.id = :id",
      [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
}

std::vector<Attempt> attempts(soci::session& sql, Id delivery_id) {
  struct Row {
    Attempt a;
    void bind(soci::statement& st) {
      st.exchange(soci::into(a.at));
      st.exchange(soci::into(a.status));
      st.exchange(soci::into(a.error));
      st.exchange(soci::into(a.millis));
    }
    Attempt get() const { return a; }
  };
  return db::select_rows<Row>(
      sql,
      "SELECT at, status, error, millis FROM webhook_attempts WHERE delivery_id = :d ORDER BY id",
      [&](soci::statement& st) { st.exchange(soci::use(delivery_id, "d")); });
}

void retry(WriteTx& tx, Id delivery_id, Millis now) {
  tx.sql << "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = :t"
            " WHERE id = :id AND state = 'failed'",
      soci::use(now), soci::use(delivery_id);
}

}  // namespace gridgov::webhooks
