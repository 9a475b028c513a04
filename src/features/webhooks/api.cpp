// Webhook subscriptions through the API: a client system registers its URL
// with its own key (X-Api-Key), or an administrator does it for the system;
// both may list, remove, ping, read the deliveries and send a failed one again.
#include <soci/soci.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "features/open311/clients.hpp"
#include "features/webhooks/api.hpp"
#include "features/webhooks/catalog.hpp"
#include "features/webhooks/commands.hpp"
#include "features/webhooks/outbox.hpp"
#include "features/webhooks/store.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/core/secrets.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/privacy/vault.hpp"

namespace gridgov::webhooks {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// Who is asking: a person with a session, or a client system by its key.
struct Caller {
  const Principal* person = nullptr;
  std::optional<open311::Client> client;
  Actor actor;
};

Result<Caller> caller_of(Services& svc, const Request& req) {
  Caller c;
  c.actor = actor_of(req);
  if (req.principal) {
    c.person = req.principal.get();
    return c;
  }
  std::string key(req.header("X-Api-Key"));
  if (key.empty())
    return Error::make(ErrorKind::kUnauthenticated, "unauthenticated", "请先登录或提供 X-Api-Key",
                       "Log in or send X-Api-Key");
  auto client = open311::use_key(svc.db, svc.clock, key, "X-Api-Key");
  if (!client) return client.error();
  c.client = *client;
  c.actor.username = "api:" + c.client->name;
  c.actor.display_name = c.client->name;
  return c;
}

bool may_manage(Services& svc, const Caller& c, const Subscription& s) {
  if (c.client) return c.client->id == s.client_id;
  return svc.authz.can(*c.person, "apiclient.manage", s.node_path);
}

json::object subscription_json(const Subscription& s) {
  json::array events;
  for (const auto& e : s.events) events.push_back(json::value(e));
  return json::object{{"id", id_to_string(s.id)},
                      {"client_id", id_to_string(s.client_id)},
                      {"url", s.url},
                      {"events", std::move(events)},
                      {"created_at", s.created_at},
                      {"removed_at", s.removed_at ? json::value(s.removed_at) : nullptr}};
}

json::object delivery_json(const Delivery& d) {
  return json::object{{"id", id_to_string(d.id)},
                      {"event", d.event_type},
                      {"subject", d.subject},
                      {"state", d.state},
                      {"attempts", d.attempts},
                      {"last_status", d.last_status},
                      {"last_error", d.last_error},
                      {"next_attempt_at", d.state == "pending" ? json::value(d.next_attempt_at)
                                                               : json::value(nullptr)},
                      {"delivered_at", d.delivered_at ? json::value(d.delivered_at) : nullptr},
                      {"created_at", d.created_at}};
}

Status check_url(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (url.size() > 500 || !u || (u->scheme() != "http" && u->scheme() != "https") ||
      u->host().empty() || u->has_userinfo())
    return Error::invalid("url", "须为 http(s) 地址（不含账号密码，500 字以内）",
                          "Must be an http(s) URL without credentials, at most 500 characters");
  return {};
}

Result<std::vector<std::string>> check_events(const Services& svc, const http::Body& body) {
  auto* v = body.object().if_contains("events");
  if (!v || !v->is_array() || v->as_array().empty() || v->as_array().size() > 20)
    return Error::invalid("events", "须为 1 到 20 个事件类型的列表",
                          "Must be a list of 1 to 20 event types");
  std::vector<std::string> out;
  for (const auto& e : v->as_array()) {
    if (!e.is_string() || !svc.catalog.known_event(e.as_string()))
      return Error::invalid("events", "未知的事件类型，见 /api/v1/webhooks/events",
                            "Unknown event type; see /api/v1/webhooks/events");
    std::string name(e.as_string());
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

// The subscription named in the path, if the caller manages it.
Result<Subscription> subscription_for(Services& svc, const Request& req, const Caller& c) {
  auto id = parse_id(req.param("id"));
  auto s = id ? svc.db.read([&](soci::session& sql) { return get(sql, *id); }) : std::nullopt;
  if (!s || !may_manage(svc, c, *s)) return Error::not_found("推送订阅", "Webhook subscription");
  return *s;
}

// POST /api/v1/webhooks {url, events, client_id (people only)}
http::Reply create(Services& svc, Request& req) {
  auto c = caller_of(svc, req);
  if (!c) return c.error();
  // A person registers for a system only with the right to manage systems: asked
  // before anything in the body is read.
  if (!c->client && svc.authz.scopes(*c->person, "apiclient.manage").empty())
    return Error::forbidden();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto url = body->text("url", {.max_chars = 500});
  if (!url) return url.error();
  if (auto st = check_url(*url); !st) return st.error();
  auto events = check_events(svc, *body);
  if (!events) return events.error();
  std::optional<open311::Client> client = c->client;
  if (!client) {
    auto id = body->id("client_id");
    if (!id) return id.error();
    client = svc.db.read([&](soci::session& s) { return open311::get(s, **id); });
    if (!client || client->revoked_at)
      return Error::invalid("client_id", "接入系统不存在或已吊销", "No such active API client");
    if (auto st = svc.authz.check(*c->person, "apiclient.manage", client->node_path); !st)
      return st.error();
  }
  Subscription s;
  s.id = new_id();
  s.client_id = client->id;
  s.node_path = client->node_path;
  s.url = *url;
  s.events = *events;
  std::string secret = "whsec_" + secrets::random_token();
  s.secret = svc.vault.seal(secret);
  s.created_at = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    s.created_by = c->person ? c->person->account_id : 0;
    subscribe(tx, c->actor, s, client->district_code);
    return {};
  });
  if (!st) return st.error();
  reload(svc);
  json::object out = subscription_json(s);
  out["secret"] = secret;  // shown this once: the receiver checks signatures with it
  return http::ok_json(out, 201);
}

http::Reply list_subscriptions(Services& svc, Request& req) {
  auto c = caller_of(svc, req);
  if (!c) return c.error();
  Id client = c->client ? c->client->id : 0;
  json::array items;
  for (const auto& s : svc.db.read([&](soci::session& sql) { return list(sql, client); }))
    if (may_manage(svc, *c, s)) items.push_back(subscription_json(s));
  return http::ok_json(json::object{{"items", std::move(items)}});
}

http::Reply remove_subscription(Services& svc, Request& req) {
  auto c = caller_of(svc, req);
  if (!c) return c.error();
  auto s = subscription_for(svc, req, *c);
  if (!s) return s.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    unsubscribe(tx, c->actor, *s, now);
    return {};
  });
  if (!st) return st.error();
  reload(svc);
  return http::no_content();
}

// POST /api/v1/webhooks/{id}/ping: a test delivery, to check the receiver and its signature check.
http::Reply ping(Services& svc, Request& req) {
  auto c = caller_of(svc, req);
  if (!c) return c.error();
  auto s = subscription_for(svc, req, *c);
  if (!s || s->removed_at) return Error::not_found("推送订阅", "Webhook subscription");
  Delivery d;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    d = webhooks::ping(tx, c->actor, *s, svc.clock.now_ms());
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(delivery_json(d), 202);
}

// GET /api/v1/webhooks/{id}/deliveries?state=&limit=
http::Reply list_deliveries(Services& svc, Request& req) {
  auto c = caller_of(svc, req);
  if (!c) return c.error();
  auto s = subscription_for(svc, req, *c);
  if (!s) return s.error();
  std::string state = req.query_param("state").value_or("");
  if (!state.empty() && state != "pending" && state != "delivered" && state != "failed")
    return Error::invalid("state", "状态须为 pending、delivered 或 failed",
                          "state must be pending, delivered or failed");
  auto limit = http::page_limit(req, 50, 500);
  if (!limit) return limit.error();
  json::array items;
  for (const auto& d :
       svc.db.read([&](soci::session& sql) { return deliveries(sql, s->id, state, *limit); }))
    items.push_back(delivery_json(d));
  return http::ok_json(json::object{{"items", std::move(items)}});
}

// The delivery named in the path and its subscription, which the caller manages.
Result<std::pair<Subscription, Delivery>> delivery_for(Services& svc, const Request& req,
                                                       const Caller& c) {
  auto s = subscription_for(svc, req, c);
  if (!s) return s.error();
  auto id = parse_id(req.param("delivery"));
  auto d = id ? svc.db.read([&](soci::session& sql) { return delivery(sql, *id); }) : std::nullopt;
  if (!d || d->subscription_id != s->id) return Error::not_found("推送记录", "Delivery");
  return std::pair{*s, *d};
}

// GET /api/v1/webhooks/{id}/deliveries/{delivery}: what was sent and every attempt.
http::Reply get_delivery(Services& svc, Request& req) {
  auto c = caller_of(svc, req);
  if (!c) return c.error();
  auto found = delivery_for(svc, req, *c);
  if (!found) return found.error();
  const Delivery* d = &found->second;
  json::object out = delivery_json(*d);
  boost::system::error_code ec;
  out["payload"] = json::parse(d->payload, ec);
  json::array list;
  for (const auto& a : svc.db.read([&](soci::session& sql) { return attempts(sql, d->id); }))
    list.push_back(
        json::object{{"at", a.at}, {"status", a.status}, {"error", a.error}, {"millis", a.millis}});
  out["attempts_log"] = std::move(list);
  return http::ok_json(out);
}

// POST /api/v1/webhooks/{id}/deliveries/{delivery}/retry: a failed delivery sent again.
http::Reply retry_delivery(Services& svc, Request& req) {
  auto c = caller_of(svc, req);
  if (!c) return c.error();
  auto found = delivery_for(svc, req, *c);
  if (!found) return found.error();
  Delivery sent;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto r = resend(tx, c->actor, found->first, found->second, svc.clock.now_ms());
    if (!r) return r.error();
    sent = std::move(*r);
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(delivery_json(sent), 202);
}

http::Reply event_catalog(Services& svc, Request& req) {
  json::array items;
  for (const auto& t : svc.catalog.events())
    items.push_back(json::object{{"event", t.type}, {"name", req.english() ? t.en : t.zh}});
  return http::ok_json(json::object{{"items", std::move(items)}});
}

}  // namespace

void routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  // A client system calls these with its key instead of a session: the handlers check.
  http::RouteOptions open{.requires_auth = false};
  auto with = [&](const char* summary, const char* body = "") {
    auto o = open;
    o.summary = summary;
    o.body = body;
    return o;
  };
  router.add("GET", "/api/v1/webhooks/events", bind(event_catalog),
             with("The events a webhook may subscribe to"));
  router.add(
      "POST", "/api/v1/webhooks", bind(create),
      with("Register a webhook: URL and events (session or X-Api-Key); the secret is shown once",
           "url:string! events:array! client_id:id"));
  router.add("GET", "/api/v1/webhooks", bind(list_subscriptions),
             with("Webhook subscriptions the caller manages"));
  router.add("DELETE", "/api/v1/webhooks/{id}", bind(remove_subscription),
             with("Remove a webhook subscription (what it is still owed is not sent)"));
  router.add("POST", "/api/v1/webhooks/{id}/ping", bind(ping),
             with("Send a test delivery to a webhook's receiver", "none"));
  router.add("GET", "/api/v1/webhooks/{id}/deliveries", bind(list_deliveries),
             with("A webhook's deliveries, newest first, by state"));
  router.add("GET", "/api/v1/webhooks/{id}/deliveries/{delivery}", bind(get_delivery),
             with("One delivery: what was sent and every attempt"));
  router.add("POST", "/api/v1/webhooks/{id}/deliveries/{delivery}/retry", bind(retry_delivery),
             with("Send a failed delivery again", "none"));
}

}  // namespace gridgov::webhooks
