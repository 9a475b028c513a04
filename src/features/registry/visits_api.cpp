// Routes for key groups and visits (连心工程 · 天天敲门): log a visit (a need
// can become a case in the same step), a person's visits, the visits due.
#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/cases/intake.hpp"
#include "features/org/api.hpp"
#include "features/registry/api.hpp"
#include "features/registry/visits.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/export.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"

namespace gridgov::registry {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

http::Reply list_groups(Services& svc, Request&) {
  json::array items;
  for (const auto& g : svc.db.read([](soci::session& s) { return key_groups(s); }))
    items.push_back(key_group_json(g));
  return http::ok_json(json::object{{"items", std::move(items)}});
}

// PUT /api/v1/key-groups/{id} {zh, en, visit_days, active}: add or change a key group.
http::Reply put_group(Services& svc, Request& req) {
  if (auto st = svc.authz.check(*req.principal, "keygroup.manage", "/1/"); !st) return st.error();
  KeyGroup g;
  g.id = std::string(req.param("id"));
  if (g.id.empty() || g.id.size() > 32 ||
      g.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
    return Error::invalid("id", "编号须为小写英文标识", "The id is a lowercase identifier");
  }
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  for (auto [key, out] : {std::pair{"zh", &g.zh}, std::pair{"en", &g.en}}) {
    auto v = body->text(key, {.max_chars = 32});
    if (!v) return v.error();
    *out = *v;
  }
  auto days = body->integer("visit_days", 1, 365);
  if (!days) return days.error();
  g.visit_days = static_cast<int>(**days);
  auto active = body->boolean("active", false);
  if (!active) return active.error();
  g.active = active->value_or(true);
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    configure_key_group(tx, actor_of(req), g, req.principal->account_id, now);
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(key_group_json(g));
}

json::object visit_json(const Visit& v) {
  return json::object{
      {"id", id_to_string(v.id)},
      {"at", v.at},
      {"visitor", v.visitor_name},
      {"seen", v.seen},
      {"needs", v.needs},
      {"case_id", v.case_id ? json::value(id_to_string(v.case_id)) : json::value(nullptr)}};
}

// POST /api/v1/persons/{id}/visits {seen, needs?, case?: {category, title, urgency?}}: a visit
// logged; with `case`, the need raised becomes a case at the person's building in the same step.
http::Reply log_visit(Services& svc, Request& req) {
  auto p = person_for(svc, req, "person.visit");
  if (!p) return p.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto seen = body->text("seen", {.max_chars = 1000, .multiline = true});
  if (!seen) return seen.error();
  auto needs = body->text("needs", {.required = false, .max_chars = 1000, .multiline = true});
  if (!needs) return needs.error();
  std::optional<cases::Case> raised;
  if (const auto* c = body->object().if_contains("case")) {
    if (!c->is_object()) {
      return Error::invalid("case", "case 须为对象 {category, title}",
                            "case must be an object {category, title}");
    }
    json::object fields = c->as_object();
    fields["channel"] = "patrol";
    fields["kind"] = "help";
    fields["building_id"] = id_to_string(p->building_id);
    if (!fields.contains("description")) fields["description"] = *needs;
    auto draft = cases::draft_case(svc, http::Body::from(std::move(fields)), req.principal.get());
    if (!draft) return draft.error();
    raised = std::move(*draft);
  }
  Millis now = svc.clock.now_ms();
  Visit v;
  v.id = new_id();
  v.person_id = p->id;
  v.node_path = p->node_path;
  v.visitor_id = req.principal->account_id;
  v.visitor_name = req.principal->display_name;
  v.seen = *seen;
  v.needs = *needs;
  v.at = now;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    log_visit(tx, actor_of(req), *p, v, raised, now);
    return {};
  });
  if (!st) return st.error();
  json::object out = visit_json(v);
  if (raised) out["case_code"] = raised->code;
  return http::ok_json(out, 201);
}

http::Reply list_visits(Services& svc, Request& req) {
  auto p = person_for(svc, req, "person.read");
  if (!p) return p.error();
  json::array items;
  for (const auto& v : svc.db.read([&](soci::session& s) { return visits_of(s, p->id, 100); }))
    items.push_back(visit_json(v));
  return http::ok_json(json::object{{"items", std::move(items)}});
}

// GET /api/v1/nodes/{id}/visits-due: everyone in a key group at and below the node who is
// due today or overdue, most overdue first — a grid worker's round for the day.
http::Reply due(Services& svc, Request& req) {
  auto n = org::node_for(svc, req, "person.read");
  if (!n) return n.error();
  Millis now = svc.clock.now_ms();
  auto rows = svc.db.read([&](soci::session& s) { return due_visits(s, n->path, now); });
  json::array items;
  int overdue = 0;
  for (const auto& d : rows) {
    json::array groups;
    for (const auto& g : d.groups) groups.push_back(json::string(g));
    json::object o = person_json(d.person);
    o["key_groups"] = std::move(groups);
    o["visit_days"] = d.interval_days;
    o["last_visit"] = d.last_visit ? json::value(d.last_visit) : json::value(nullptr);
    o["overdue_days"] = -d.days;
    overdue += d.days < 0;
    items.push_back(std::move(o));
  }
  return http::ok_json(json::object{{"due_today", static_cast<int>(rows.size()) - overdue},
                                    {"overdue", overdue},
                                    {"items", std::move(items)}});
}

}  // namespace

void visit_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("GET", "/api/v1/key-groups", bind(list_groups),
             {.summary = "Key groups and their visit intervals"});
  router.add("PUT", "/api/v1/key-groups/{id}", bind(put_group),
             {.summary = "Add or change a key group (administrators)",
              .body = "zh:string! en:string! visit_days:integer! active:boolean"});
  router.add("POST", "/api/v1/persons/{id}/visits", bind(log_visit),
             {.summary = "Log a visit; a need may become a case in the same step",
              .body = "seen:string! needs:string case:object"});
  router.add("GET", "/api/v1/persons/{id}/visits", bind(list_visits),
             {.summary = "A person's visits, newest first"});
  router.add("GET", "/api/v1/nodes/{id}/visits-due",
             http::exportable(svc, due, "registry.visits_due"),
             {.summary = "Key-group visits due today or overdue at and below a node"});
}

}  // namespace gridgov::registry
