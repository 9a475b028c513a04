#include "features/webhooks/outbox.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "features/webhooks/catalog.hpp"
#include "features/webhooks/store.hpp"
#include "platform/config/config.hpp"
#include "platform/core/metrics.hpp"
#include "platform/core/secrets.hpp"
#include "platform/http/client.hpp"
#include "platform/log/log.hpp"
#include "platform/privacy/vault.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::webhooks {
namespace json = boost::json;

namespace {

std::mutex cache_mutex;
std::shared_ptr<const std::vector<Subscription>> cache =
    std::make_shared<const std::vector<Subscription>>();

std::shared_ptr<const std::vector<Subscription>> subscriptions() {
  std::lock_guard lock(cache_mutex);
  return cache;
}

// What a receiver gets: the event, when, about which case, and its data (the
// event's own JSON, spliced in as it is).
std::string envelope(Id id, const Mapped& m, const std::string& data, Millis at) {
  std::string out = json::serialize(json::object{{"id", id_to_string(id)},
                                                 {"event", m.type},
                                                 {"action", m.action},
                                                 {"occurred_at", iso8601_cst(at)},
                                                 {"subject", m.subject}});
  out.pop_back();  // the closing brace
  return out + ",\"data\":" + data + "}";
}

}  // namespace

void reload(Services& svc) {
  auto fresh = std::make_shared<const std::vector<Subscription>>(
      svc.db.read([](soci::session& s) { return active(s); }));
  std::lock_guard lock(cache_mutex);
  cache = std::move(fresh);
}

void install_outbox(Services& svc) {
  // On the writer thread, inside the write: one row per event someone may want.
  svc.db.set_event_recorder([&svc](WriteTx& tx) {
    auto subs = subscriptions();
    if (subs->empty()) return;
    for (const auto& e : tx.events()) {
      const EventDecl* decl = svc.catalog.event_of_topic(e.topic);
      if (!decl) continue;
      bool wanted = false;
      for (const auto& s : *subs)
        if (path_covers(s.node_path, e.node_path) && s.wants(decl->type)) wanted = true;
      if (wanted) record_event(tx, {new_id(), e.topic, e.node_path, e.json, svc.clock.now_ms()});
    }
  });
}

Status make_deliveries(Services& svc) {
  for (;;) {
    auto events = svc.db.read([](soci::session& s) { return recorded_events(s, 500); });
    if (events.empty()) return {};
    auto subs = subscriptions();
    std::vector<Delivery> made;
    for (const auto& e : events) {
      auto m = map_event(svc.catalog, {e.topic, e.node_path, e.payload});
      if (!m) continue;
      for (const auto& s : *subs) {
        // A subscription hears of what happened while it existed, where it looks.
        if (s.created_at > e.created_at || !path_covers(s.node_path, e.node_path) ||
            !s.wants(m->type))
          continue;
        Delivery d;
        d.id = new_id();
        d.subscription_id = s.id;
        d.event_type = m->type;
        d.subject = m->subject;
        d.payload = envelope(d.id, *m, e.payload, e.created_at);
        d.next_attempt_at = d.created_at = e.created_at;
        made.push_back(std::move(d));
      }
    }
    Id last = events.back().id;
    Status st = svc.db.write([&](WriteTx& tx) -> Status {
      for (const auto& d : made) enqueue(tx, d);
      forget_events(tx, last);
      return {};
    });
    if (!st) return st;
  }
}

Status send_due(Services& svc) {
  if (auto made = make_deliveries(svc); !made) return made;
  const auto& cfg = svc.config;
  const int timeout = static_cast<int>(cfg.integer("webhooks.timeout_ms"));
  const Millis base = cfg.integer("webhooks.retry_base_ms");
  const Millis longest = cfg.integer("webhooks.retry_max_ms");
  const int max_attempts = static_cast<int>(cfg.integer("webhooks.max_attempts"));
  auto& sent =
      metrics::global().counter("gridgov_webhook_deliveries_total", "Webhook delivery attempts",
                                metrics::label("outcome", "ok"));
  auto& failed =
      metrics::global().counter("gridgov_webhook_deliveries_total", "Webhook delivery attempts",
                                metrics::label("outcome", "failed"));
  // A round sends what is due, then what that unblocked, for a few seconds at most
  // (so the server's shutdown never waits long).
  auto budget = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::set<Id> down;  // receivers that failed this round: the rest of theirs waits
  // A socket per subscriber for the round: a run of deliveries pays one handshake.
  std::map<Id, http::Connection> connections;
  auto subs = subscriptions();
  while (std::chrono::steady_clock::now() < budget) {
    Millis now = svc.clock.now_ms();
    auto batch = svc.db.read([&](soci::session& s) { return due(s, now, 200, down); });
    if (batch.empty()) break;
    std::vector<std::tuple<Delivery, Attempt, std::string, Millis>> outcomes;
    for (const auto& d : batch) {
      if (down.count(d.subscription_id)) continue;
      // The subscriptions in force, as the writer sees them (removed ones are not there).
      const Subscription* sub = nullptr;
      for (const auto& x : *subs)
        if (x.id == d.subscription_id) sub = &x;
      Attempt a;
      a.at = svc.clock.now_ms();
      auto secret = sub ? svc.vault.open(sub->secret) : Result<std::string>(Error::internal());
      if (!sub || !secret) {
        a.error = "subscription removed";
        outcomes.emplace_back(d, a, "failed", 0);
        continue;
      }
      std::string stamp = std::to_string(a.at / 1000);
      std::vector<http::Header> headers = {
          {"Content-Type", "application/json; charset=utf-8"},
          {"X-GridGov-Event", d.event_type},
          {"X-GridGov-Delivery", id_to_string(d.id)},
          {"X-GridGov-Timestamp", stamp},
          {"X-GridGov-Signature",
           "sha256=" + secrets::hmac_sha256_hex(*secret, stamp + "." + d.payload)}};
      auto it = connections.try_emplace(d.subscription_id, timeout).first;
      auto out = it->second.post(sub->url, d.payload, headers);
      a.status = out.status;
      a.millis = out.millis;
      a.error = out.status ? (out.status >= 300 ? out.body.substr(0, 200) : "") : out.error;
      if (out.status >= 200 && out.status < 300) {
        sent.inc();
        outcomes.emplace_back(d, a, "delivered", 0);
        continue;
      }
      failed.inc();
      down.insert(d.subscription_id);
      int attempt = d.attempts + 1;
      if (attempt >= max_attempts) {
        log::warn("webhook.gave_up", {{"delivery", id_to_string(d.id)}, {"url", sub->url}});
        outcomes.emplace_back(d, a, "failed", 0);
      } else {
        Millis wait = base << std::min(attempt - 1, 30);  // 1×, 2×, 4× … the first wait
        outcomes.emplace_back(d, a, "pending", a.at + std::min(wait, longest));
      }
    }
    Status st = svc.db.write([&](WriteTx& tx) -> Status {
      for (const auto& [d, a, state, next] : outcomes) record(tx, d, a, state, next);
      return {};
    });
    if (!st) return st;
  }
  return {};
}

}  // namespace gridgov::webhooks
