// Routes of the cases feature: intake, the workflow's actions, queries.
#include <soci/soci.h>
#include <boost/json.hpp>
#include <cmath>

#include "features/cases/access.hpp"
#include "features/cases/api.hpp"
#include "features/cases/commands.hpp"
#include "features/cases/deadlines.hpp"
#include "features/cases/dispatch_rules.hpp"
#include "features/cases/intake.hpp"
#include "features/cases/photos.hpp"
#include "features/cases/rules.hpp"
#include "features/cases/steps.hpp"
#include "features/cases/store.hpp"
#include "features/cases/taxonomy.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/core/secrets.hpp"
#include "platform/geo/geo.hpp"
#include "platform/http/export.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/text/text.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::cases {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// Duplicate candidates: the same category within this distance and time.
constexpr double kDuplicateRadiusM = 50;
constexpr Millis kDuplicateWindowMs = 72LL * 3600 * 1000;
// How long an anonymous reporter may add photos to the case they reported.
constexpr Millis kUploadTokenMs = 3600 * 1000;

// POST /api/v1/cases: report a case. Residents (and anonymous callers with a
// contact) report through the "resident" channel; staff channels need case.intake.
http::Reply create(Services& svc, Request& req) {
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto draft = draft_case(svc, *body, req.principal.get());
  if (!draft) return draft.error();
  Case& c = *draft;
  Millis now = svc.clock.now_ms();
  // An anonymous caller cannot log in to add photos: the answer carries a token for that.
  std::string upload_token = req.principal ? std::string() : secrets::random_token();
  Actor actor =
      req.principal
          ? actor_of(req)
          : Actor{.username = "anonymous", .ip = req.remote_ip, .request_id = req.request_id};
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    record_intake(tx, c, actor, now);
    if (!upload_token.empty()) {
      photos::put_upload_token(tx, c.id, secrets::token_hash(upload_token), now + kUploadTokenMs);
    }
    return {};
  });
  if (!st) return st.error();
  json::object out = case_json(c, req.principal != nullptr);
  if (!upload_token.empty()) {
    out["photo_upload"] = json::object{{"token", upload_token}, {"until", now + kUploadTokenMs}};
  }
  // Suggested merges: the same category within 50 m and 72 h — for staff who read cases here
  // (they decide; a resident would only ever be shown their own, so is not asked).
  if (c.lng && c.lat && req.principal && svc.authz.can(*req.principal, "case.read", c.node_path)) {
    auto recent = svc.db.read([&](soci::session& s) {
      return store::nearby(s, c.category, now - kDuplicateWindowMs, c.id, *c.lng, *c.lat);
    });
    json::array candidates;
    for (const auto& other : recent) {
      double d = geo::distance_m({*c.lng, *c.lat}, {*other.lng, *other.lat});
      if (d > kDuplicateRadiusM || !may_read(svc, *req.principal, other)) continue;
      candidates.push_back(json::object{{"id", id_to_string(other.id)},
                                        {"code", other.code},
                                        {"title", other.title},
                                        {"state", to_string(other.state)},
                                        {"distance_m", std::round(d)}});
    }
    out["duplicates"] = std::move(candidates);
  }
  return http::ok_json(out, 201);
}

http::Reply get_case(Services& svc, Request& req) {
  auto c = case_for(svc, req);
  if (!c) return c.error();
  auto rows = svc.db.read([&](soci::session& s) { return store::history(s, c->id); });
  json::array history;
  for (const auto& h : rows) {
    auto action = parse_action(h.action);
    history.push_back(json::object{{"at", h.at},
                                   {"actor", h.actor_name},
                                   {"action", h.action},
                                   {"action_zh", action ? action_zh(*action) : std::string("上报")},
                                   {"from", h.from_state},
                                   {"to", h.to_state},
                                   {"note", h.note}});
  }
  auto parts = parts_of(svc, *req.principal, *c);
  json::array actions;
  for (Action a : allowed_actions(facts_of(*c), parts, svc.clock.now_ms())) {
    actions.push_back(json::object{{"action", to_string(a)}, {"zh", action_zh(a)}});
  }
  json::object o = case_json(*c, svc.authz.can(*req.principal, "case.read", c->node_path));
  o["history"] = std::move(history);
  if (auto* d = o.if_contains("deadlines")) {
    // Counted in a year whose official holidays are not entered: provisional, and said so.
    auto cal = svc.db.read([](soci::session& s) { return store::calendar(s); });
    json::array years;
    for (const auto& y : cal.provisional_years(c->created_at, c->close_deadline))
      years.push_back(json::string(y));
    if (!years.empty()) d->as_object()["provisional_years"] = std::move(years);
  }
  if (c->merged_into) {
    // A duplicate's reporter follows the case it joined from here.
    if (auto target =
            svc.db.read([&](soci::session& s) { return store::get(s, c->merged_into); })) {
      o["merged_into_case"] = json::object{{"id", id_to_string(target->id)},
                                           {"code", target->code},
                                           {"state", to_string(target->state)},
                                           {"state_zh", state_zh(target->state)}};
    }
  }
  json::array whistled;
  Millis now = svc.clock.now_ms();
  for (const auto& w : svc.db.read([&](soci::session& s) { return whistles::of_case(s, c->id); }))
    whistled.push_back(whistle_json(w, now));
  o["whistles"] = std::move(whistled);
  json::array pictures;
  for (const auto& p : svc.db.read([&](soci::session& s) { return photos::of_case(s, c->id); }))
    pictures.push_back(photo_json(p));
  o["photos"] = std::move(pictures);
  o["actions"] = std::move(actions);
  return http::ok_json(o);
}

// The target node of a dispatch: given, else by the dispatch rules (the case's grid, 属地, by
// default).
Result<tree::Node> assignee_of(Services& svc, const Request& req, const http::Body& body,
                               const Case& c) {
  if (body.has("assignee_id")) {
    auto id = body.id("assignee_id");
    if (!id) return id.error();
    auto n = svc.db.read([&](soci::session& s) { return tree::get(s, **id); });
    // A department serves the places below the node it belongs to; any other
    // assignee must be a place the dispatcher can see.
    bool eligible =
        n && n->status == "active" &&
        (n->level == tree::kDepartment ? path_covers(tree::parent_path(n->path), c.node_path)
                                       : svc.authz.can(*req.principal, "node.read", n->path));
    if (!eligible) return Error::invalid("assignee_id", "承办单位不存在", "No such assignee");
    return *n;
  }
  return svc.db.read([&](soci::session& s) -> Result<tree::Node> {
    auto place = tree::get(s, c.node_id);
    auto n = place ? dispatch_rules::target(s, *place, c.category) : std::nullopt;
    if (!n) return Error::internal();
    return *n;
  });
}

// POST /api/v1/cases/{id}/actions {action, version, note, …}
http::Reply act(Services& svc, Request& req) {
  auto c = case_for(svc, req);
  if (!c) return c.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto name = body->text("action", {.max_chars = 30});
  if (!name) return name.error();
  auto action = parse_action(*name);
  if (!action) return Error::invalid("action", "未知的操作: " + *name, "Unknown action: " + *name);
  auto version = body->integer("version", 1, 1000000000);
  if (!version) return version.error();
  bool note_required = *action == Action::kReject || *action == Action::kReturn ||
                       *action == Action::kVerifyFail || *action == Action::kReopen ||
                       *action == Action::kRequestDelay || *action == Action::kHandle ||
                       *action == Action::kContact;
  auto note = body->text("note", {.required = note_required, .max_chars = 2000, .multiline = true});
  if (!note) return note.error();

  Millis now = svc.clock.now_ms();
  if (**version != c->version) {
    // The caller acted on a view someone else has changed since: show them the case again.
    return stale_version();
  }
  Step step;
  step.action = *action;
  step.note = *note;
  switch (*action) {
    case Action::kAccept: {
      auto complex = body->boolean("complex", false);
      if (!complex) return complex.error();
      step.complex = complex->value_or(false);
      break;
    }
    case Action::kDispatch:
    case Action::kArbitrate: {
      auto assignee = assignee_of(svc, req, *body, *c);
      if (!assignee) return assignee.error();
      step.assignee = *assignee;
      break;
    }
    case Action::kMerge: {
      auto into = body->id("merge_into");
      if (!into) return into.error();
      auto target = svc.db.read([&](soci::session& s) { return store::get(s, **into); });
      if (!target || target->id == c->id || terminal(target->state) ||
          !may_read(svc, *req.principal, *target)) {
        return Error::invalid("merge_into", "合并目标须为另一件在办案件",
                              "Merge into another open case");
      }
      step.merge_into = target->id;
      break;
    }
    case Action::kEvaluate: {
      auto satisfied = body->boolean("satisfied");
      if (!satisfied) return satisfied.error();
      auto resolved = body->boolean("resolved");
      if (!resolved) return resolved.error();
      auto rating = body->integer("rating", 1, 5);
      if (!rating) return rating.error();
      step.satisfied = **satisfied;
      step.resolved = **resolved;
      step.rating = static_cast<int>(**rating);
      break;
    }
    default:
      break;
  }
  auto next = next_case(svc, *c, step, parts_of(svc, *req.principal, *c), now);
  if (!next) return next.error();
  Case updated = *next;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    return record_step(tx, *c, updated, step, actor_of(req), now);
  });
  if (!st) return st.error();
  return http::ok_json(case_json(updated, true));
}

// GET /api/v1/cases?state=&before=&limit=: the caller's queue — cases located
// in their scope, dispatched to it, or reported by them; newest first.
// ?code= finds one case by its code (一案一码), as a caller reads it out.
http::Reply list(Services& svc, Request& req) {
  if (auto code = req.query_param("code")) {
    auto c = code->size() <= 32
                 ? svc.db.read([&](soci::session& s) { return find_case_by_code(s, *code); })
                 : std::nullopt;
    json::array items;
    if (c && may_read(svc, *req.principal, *c))
      items.push_back(case_json(*c, svc.authz.can(*req.principal, "case.read", c->node_path)));
    return http::ok_json(json::object{{"items", std::move(items)}});
  }
  store::Query q;
  q.scopes = svc.authz.scopes(*req.principal, "case.read");
  q.assigned_scopes = svc.authz.scopes(*req.principal, "case.handle");
  q.reporter_id = req.principal->account_id;
  q.state = req.query_param("state").value_or("");
  if (!q.state.empty() && q.state != "open" && !parse_state(q.state)) {
    return Error::invalid("state", "未知的状态: " + q.state, "Unknown state: " + q.state);
  }
  if (auto phone = req.query_param("phone")) {
    // A caller's earlier cases, found through the blind index (the number is never stored).
    if (phone->size() < 7 || phone->size() > 20 ||
        phone->find_first_not_of("0123456789-") != std::string::npos) {
      return Error::invalid("phone", "电话号码格式不正确", "Not a phone number");
    }
    q.phone_index = svc.vault.blind("phone", *phone);
  }
  auto page = http::id_page(req, 50, 500);
  if (!page) return page.error();
  q.before = page->before;
  q.limit = page->limit;
  auto rows = svc.db.read([&](soci::session& s) { return store::list(s, q); });
  json::array items;
  for (const auto& c : rows)
    items.push_back(case_json(c, svc.authz.can(*req.principal, "case.read", c.node_path)));
  return http::page_json(std::move(items), rows.size(), rows.empty() ? 0 : rows.back().id, q.limit);
}

// POST /api/v1/cases/{id}/supervision {kind, note}: a leader takes charge of a hard case
// (领导包案), puts it under supervision (督办) or urges it (催办). The workflow state
// does not change; the history, the audit log and the live feed record it.
http::Reply supervision(Services& svc, Request& req) {
  auto c = case_for(svc, req);
  if (!c) return c.error();
  if (!svc.authz.can(*req.principal, "case.arbitrate", c->node_path)) {
    return Error::forbidden();
  }
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto kind = body->text("kind", {.max_chars = 20});
  if (!kind) return kind.error();
  static const std::vector<std::pair<std::string, std::string>> kKinds = {
      {"take_charge", "领导包案"}, {"supervise", "督办"}, {"urge", "催办"}};
  if (auto st = http::check_choice(kKinds, *kind, "kind"); !st) return st.error();
  auto note = body->text("note", {.required = false, .max_chars = 500, .multiline = true});
  if (!note) return note.error();
  if (terminal(c->state) || c->state == State::kClosed || c->state == State::kEvaluated) {
    return Error::make(ErrorKind::kInvalid, "illegal_transition",
                       "案件已办结，无需" + std::string(*kind == "urge" ? "催办" : "督办"),
                       "The case is finished: nothing to supervise");
  }
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    return supervise_case(tx, actor_of(req), *c, *kind, *note, now);
  });
  if (!st) return st.error();
  auto after = svc.db.read([&](soci::session& s) { return store::get(s, c->id); });
  if (!after) return Error::not_found("案件", "Case");  // gone meanwhile
  return http::ok_json(case_json(*after, true));
}

// POST /api/v1/cases/{id}/contact {reason}: the reporter's phone in full, for
// staff who act on the case (to call them back); always audited with the reason.
http::Reply reveal_contact(Services& svc, Request& req) {
  auto c = case_for(svc, req);
  if (!c) return c.error();
  auto parts = parts_of(svc, *req.principal, *c);
  bool staff = std::any_of(parts.begin(), parts.end(), [](Part p) { return p != Part::kReporter; });
  if (!staff) return Error::forbidden();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto reason = body->text("reason", {.min_chars = 2, .max_chars = 200});
  if (!reason) return reason.error();
  std::string phone;
  if (!c->contact_phone.empty()) {
    auto opened = svc.vault.open(c->contact_phone);
    if (!opened) return Error::internal();
    phone = *opened;
  }
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    audit::append(tx, actor_of(req),
                  {"case.reveal_contact", "case", id_to_string(c->id), c->node_path,
                   c->district_code, json::serialize(json::object{{"reason", *reason}})},
                  now);
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(json::object{{"contact_name", c->contact_name}, {"contact_phone", phone}});
}

}  // namespace

void case_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("POST", "/api/v1/cases", bind(create),
             {.requires_auth = false,
              .summary = "Report a case (anonymous allowed with a contact phone)",
              .body = "channel:string kind:string! category:string! urgency:string title:string! "
                      "description:string address:string contact_name:string contact_phone:string "
                      "building_id:id lng:number lat:number node_id:id"});
  router.add("GET", "/api/v1/cases", http::exportable(svc, list, "cases.list"),
             {.summary = "The caller's case queue"});
  router.add("GET", "/api/v1/cases/{id}", bind(get_case),
             {.summary = "A case with its history and allowed actions"});
  router.add("POST", "/api/v1/cases/{id}/actions", bind(act),
             {.summary = "Take a workflow action on a case",
              .body = "action:string! version:integer! note:string assignee_id:id complex:boolean "
                      "merge_into:id resolved:boolean satisfied:boolean rating:integer"});
  router.add("POST", "/api/v1/cases/{id}/supervision", bind(supervision),
             {.summary = "A leader takes charge of, supervises or urges a case (note optional)",
              .body = "kind:string! note:string"});
  router.add("POST", "/api/v1/cases/{id}/contact", bind(reveal_contact),
             {.summary = "The reporter's phone in full, audited with the reason",
              .body = "reason:string!"});
}

}  // namespace gridgov::cases
