#include "features/webhooks/commands.hpp"

#include <boost/json.hpp>

#include "platform/tree/tree.hpp"

namespace gridgov::webhooks {
namespace json = boost::json;

namespace {
// A subscription's changes join the audit chain of its node's district.
std::string district_of(WriteTx& tx, const Subscription& s) {
  auto node = tree::get_by_path(tx.sql, s.node_path);
  return node ? node->district_code : AuditEntry{}.district_code;
}
}  // namespace

void subscribe(WriteTx& tx, const Actor& actor, const Subscription& s,
               const std::string& district_code) {
  insert(tx, s);
  audit::append(tx, actor,
                {"webhook.create", "webhook", id_to_string(s.id), s.node_path, district_code,
                 json::serialize(json::object{{"url", s.url}})},
                s.created_at);
}

void unsubscribe(WriteTx& tx, const Actor& actor, const Subscription& s, Millis now) {
  remove(tx, s.id, now);
  audit::append(tx, actor,
                {"webhook.remove", "webhook", id_to_string(s.id), s.node_path, district_of(tx, s)},
                now);
}

Delivery ping(WriteTx& tx, const Actor& actor, const Subscription& s, Millis now) {
  Delivery d;
  d.id = new_id();
  d.subscription_id = s.id;
  d.event_type = "ping";
  d.subject = "ping";
  d.next_attempt_at = d.created_at = now;
  d.payload = json::serialize(json::object{{"id", id_to_string(d.id)},
                                           {"event", "ping"},
                                           {"action", "ping"},
                                           {"occurred_at", iso8601_cst(d.created_at)},
                                           {"subject", "ping"},
                                           {"data", json::object{}}});
  enqueue(tx, d);
  audit::append(tx, actor,
                {"webhook.ping", "webhook", id_to_string(s.id), s.node_path, district_of(tx, s)},
                now);
  d.state = "pending";
  return d;
}

Result<Delivery> resend(WriteTx& tx, const Actor& actor, const Subscription& s, Delivery d,
                        Millis now) {
  if (d.state != "failed")
    return Error::conflict("只有失败的推送可以重发", "Only a failed delivery can be sent again");
  retry(tx, d.id, now);
  audit::append(tx, actor,
                {"webhook.retry", "webhook", id_to_string(s.id), s.node_path, district_of(tx, s),
                 json::serialize(json::object{{"delivery", id_to_string(d.id)}})},
                now);
  d.state = "pending";
  d.attempts = 0;
  d.next_attempt_at = now;
  return d;
}

}  // namespace gridgov::webhooks
