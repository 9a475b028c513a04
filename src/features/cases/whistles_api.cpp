// Routes for whistles (吹哨报到): whistle departments to a case, their report
// (报到), the whistler's rating, the departments' queue and their scores.
#include <soci/soci.h>
#include <boost/json.hpp>
#include <cmath>

#include "features/cases/access.hpp"
#include "features/cases/api.hpp"
#include "features/cases/deadlines.hpp"
#include "features/cases/whistles.hpp"
#include "features/org/api.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/export.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"

namespace gridgov::cases {
namespace json = boost::json;
using http::Request;
using http::Response;

json::object whistle_json(const Whistle& w, Millis now) {
  json::object o{{"id", id_to_string(w.id)},
                 {"case_id", id_to_string(w.case_id)},
                 {"case_code", w.case_code},
                 {"case_title", w.case_title},
                 {"department_id", id_to_string(w.department_id)},
                 {"department", w.department_name},
                 {"whistler", w.whistler_name},
                 {"note", w.note},
                 {"state", w.state},
                 {"due_at", w.due_at},
                 // Past due and still not reported counts as overdue before the sweep says so.
                 {"overdue", w.overdue || (w.state == "whistled" && now > w.due_at)},
                 {"created_at", w.created_at},
                 {"version", w.version}};
  if (w.reported_at) {
    o["report"] = json::object{{"at", w.reported_at},
                               {"by", w.reporter_name},
                               {"note", w.report_note},
                               {"on_time", w.reported_at <= w.due_at}};
  }
  if (w.rated_at) {
    o["rating"] = json::object{{"at", w.rated_at}, {"stars", w.rating}, {"note", w.rating_note}};
  }
  return o;
}

namespace {

// POST /api/v1/cases/{id}/whistles {department_ids, note}: 吹哨 — the case's
// dispatchers (community, street) call departments serving the place.
http::Reply whistle(Services& svc, Request& req) {
  auto c = case_for(svc, req);
  if (!c) return c.error();
  if (!svc.authz.can(*req.principal, "case.dispatch", c->node_path)) return Error::forbidden();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto ids = body->ids("department_ids", 10);
  if (!ids) return ids.error();
  auto note = body->text("note", {.max_chars = 1000, .multiline = true});
  if (!note) return note.error();
  auto place = svc.db.read([&](soci::session& s) { return tree::get(s, c->node_id); });
  if (!place) return Error::internal();
  auto serving =
      svc.db.read([&](soci::session& s) { return tree::departments_serving(s, *place); });
  std::vector<tree::Node> targets;
  for (Id id : *ids) {
    auto it = std::find_if(serving.begin(), serving.end(),
                           [&](const tree::Node& d) { return d.id == id; });
    if (it == serving.end()) {
      return Error::invalid("department_ids", "职能部门不存在或不服务该地: " + id_to_string(id),
                            "No department serving this place: " + id_to_string(id));
    }
    targets.push_back(*it);
  }
  Millis now = svc.clock.now_ms();
  Millis due = whistle_due(deadline_policy(svc.config), c->urgency, now);
  std::vector<Whistle> made;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto blown = whistles::blow(tx, *c, targets, actor_of(req), *note, now, due);
    if (!blown) return blown.error();
    made = std::move(*blown);
    return {};
  });
  if (!st) return st.error();
  json::array items;
  for (const auto& w : made) items.push_back(whistle_json(w, now));
  return http::ok_json(json::object{{"items", std::move(items)}}, 201);
}

// The whistle named by {id} and its case, if the caller may read the case.
Result<std::pair<Whistle, Case>> whistle_for(Services& svc, const Request& req) {
  auto id = parse_id(req.param("id"));
  auto w = id ? svc.db.read([&](soci::session& s) { return whistles::get(s, *id); }) : std::nullopt;
  if (!w) return Error::not_found("吹哨", "Whistle");
  auto c = svc.db.read([&](soci::session& s) { return store::get(s, w->case_id); });
  if (!c || !may_read(svc, *req.principal, *c)) return Error::not_found("吹哨", "Whistle");
  return std::pair{*w, *c};
}

// POST /api/v1/whistles/{id}/report {note, version}: 报到 — the department's staff.
http::Reply report(Services& svc, Request& req) {
  auto found = whistle_for(svc, req);
  if (!found) return found.error();
  auto& [w, c] = *found;
  if (!svc.authz.can(*req.principal, "case.handle", w.department_path)) return Error::forbidden();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto version = body->integer("version", 1, 1000000000);
  if (!version) return version.error();
  auto note = body->text("note", {.max_chars = 2000, .multiline = true});
  if (!note) return note.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto reported =
        whistles::report(tx, w, c, static_cast<int>(**version), actor_of(req), *note, now);
    if (!reported) return reported.error();
    w = std::move(*reported);
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(whistle_json(w, now));
}

// POST /api/v1/whistles/{id}/rate {rating 1–5, note, version}: the whistler's
// side (the case's dispatchers) rates a report, or a department that let its
// deadline pass without reporting.
http::Reply rate(Services& svc, Request& req) {
  auto found = whistle_for(svc, req);
  if (!found) return found.error();
  auto& [w, c] = *found;
  if (!svc.authz.can(*req.principal, "case.dispatch", w.node_path)) return Error::forbidden();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto version = body->integer("version", 1, 1000000000);
  if (!version) return version.error();
  auto stars = body->integer("rating", 1, 5);
  if (!stars) return stars.error();
  auto note = body->text("note", {.required = false, .max_chars = 500, .multiline = true});
  if (!note) return note.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto rated = whistles::rate(tx, w, c, static_cast<int>(**version), static_cast<int>(**stars),
                                actor_of(req), *note, now);
    if (!rated) return rated.error();
    w = std::move(*rated);
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(whistle_json(w, now));
}

// GET /api/v1/whistles?state=&before=&limit=: whistles to the caller's
// departments (their queue) and on cases the caller dispatches; newest first.
http::Reply list(Services& svc, Request& req) {
  whistles::Query q;
  q.department_scopes = svc.authz.scopes(*req.principal, "case.handle");
  q.place_scopes = svc.authz.scopes(*req.principal, "case.dispatch");
  q.state = req.query_param("state").value_or("");
  if (!q.state.empty() && q.state != "whistled" && q.state != "reported" && q.state != "rated") {
    return Error::invalid("state", "state 须为 whistled、reported 或 rated",
                          "state must be whistled, reported or rated");
  }
  auto page = http::id_page(req, 50, 500);
  if (!page) return page.error();
  q.before = page->before;
  q.limit = page->limit;
  auto rows = svc.db.read([&](soci::session& s) { return whistles::list(s, q); });
  Millis now = svc.clock.now_ms();
  json::array items;
  for (const auto& w : rows) items.push_back(whistle_json(w, now));
  return http::page_json(std::move(items), rows.size(), rows.empty() ? 0 : rows.back().id, q.limit);
}

// GET /api/v1/nodes/{id}/department-scores?days=30: how the departments
// answered the whistles of this place — reported, on time, mean rating.
http::Reply scores(Services& svc, Request& req) {
  auto n = org::node_for(svc, req, "case.read");
  if (!n) return n.error();
  int days = 30;
  if (auto d = req.query_param("days")) {
    if (d->empty() || d->size() > 3 || d->find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(*d) < 1 || std::stoi(*d) > 366) {
      return Error::invalid("days", "days 须为 1–366 的整数", "days must be a whole number 1–366");
    }
    days = std::stoi(*d);
  }
  Millis to = svc.clock.now_ms(), from = to - days * 24LL * 3600 * 1000;
  auto rows = svc.db.read([&](soci::session& s) { return whistles::scores(s, n->path, from, to); });
  auto rate = [](int part, int whole) {
    return whole ? json::value(std::round(1000.0 * part / whole) / 1000) : json::value(nullptr);
  };
  json::array items;
  for (const auto& r : rows) {
    items.push_back(json::object{
        {"department_id", id_to_string(r.department_id)},
        {"department", r.name},
        {"whistled", r.whistled},
        {"reported", r.reported},
        {"report_rate", rate(r.reported, r.whistled)},
        {"on_time_rate", rate(r.on_time, r.whistled)},
        {"rated", r.rated},
        {"mean_rating", r.rated ? json::value(std::round(100.0 * r.rating_sum / r.rated) / 100)
                                : json::value(nullptr)}});
  }
  return http::ok_json(json::object{{"days", days}, {"items", std::move(items)}});
}

}  // namespace

void whistle_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("POST", "/api/v1/cases/{id}/whistles", bind(whistle),
             {.summary = "Whistle departments to a case (吹哨)",
              .body = "department_ids:ids! note:string!"});
  router.add("GET", "/api/v1/whistles", http::exportable(svc, list, "cases.whistles"),
             {.summary = "Whistles to the caller's departments and on cases they dispatch"});
  router.add(
      "POST", "/api/v1/whistles/{id}/report", bind(report),
      {.summary = "A whistled department reports (报到)", .body = "version:integer! note:string!"});
  router.add("POST", "/api/v1/whistles/{id}/rate", bind(rate),
             {.summary = "Rate a department's response to a whistle",
              .body = "version:integer! rating:integer! note:string"});
  router.add("GET", "/api/v1/nodes/{id}/department-scores", bind(scores),
             {.summary = "How departments answered this place's whistles"});
}

}  // namespace gridgov::cases
