// Routes for the holiday calendar the deadlines follow.
#include <soci/soci.h>
#include <boost/json.hpp>
#include <cmath>

#include "features/cases/api.hpp"
#include "features/cases/store.hpp"
#include "features/cases/taxonomy.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/text/text.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::cases {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// GET /api/v1/calendar?year=2026: every day of the year that is not an ordinary
// weekday/weekend: holidays and make-up workdays, shipped or edited.
Response get_calendar(Services& svc, Request& req) {
  std::string year = req.query_param("year").value_or(cst_date(svc.clock.now_ms()).substr(0, 4));
  if (year.size() != 4 || !text::all_digits(year)) {
    return http::error_response(
        req, Error::invalid("year", "year 须为四位年份", "year must be four digits"));
  }
  auto cal = svc.db.read([](soci::session& s) { return store::calendar(s); });
  json::array days;
  for (int m = 1; m <= 12; ++m) {
    for (int d = 1; d <= 31; ++d) {
      char date[16];
      std::snprintf(date, sizeof date, "%s-%02d-%02d", year.c_str(), m, d);
      std::string kind = cal.override_of(date);
      if (!kind.empty()) days.push_back(json::object{{"date", date}, {"kind", kind}});
    }
  }
  return http::ok_json(json::object{{"year", year}, {"days", days}});
}

// PUT /api/v1/calendar/{date} {kind: holiday|workday|normal, note}: enter the State
// Council's schedule for a new year, or correct a day. Deadlines set afterwards use it.
Response put_calendar_day(Services& svc, Request& req) {
  if (auto st = svc.authz.check(*req.principal, "calendar.manage", "/1/"); !st) {
    return http::error_response(req, st.error());
  }
  std::string date = req.param("date");
  if (!valid_date(date))
    return http::error_response(
        req, Error::invalid("date", "日期格式须为 YYYY-MM-DD", "Dates are YYYY-MM-DD"));
  auto body = http::Body::parse(req);
  if (!body) return http::error_response(req, body.error());
  auto kind = body->text("kind", {.max_chars = 10});
  if (!kind) return http::error_response(req, kind.error());
  static const std::vector<std::pair<std::string, std::string>> kKinds = {
      {"holiday", "放假"}, {"workday", "调休上班"}, {"normal", "恢复平常"}};
  if (auto st = http::check_choice(kKinds, *kind, "kind"); !st)
    return http::error_response(req, st.error());
  auto note = body->text("note", {.required = false, .max_chars = 100});
  if (!note) return http::error_response(req, note.error());
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    store::set_calendar_day(tx, date, *kind, *note, req.principal->account_id, now);
    audit::append(tx, actor_of(req),
                  {"calendar.set", "calendar", date, "/1/", "000000",
                   json::serialize(json::object{{"kind", *kind}, {"note", *note}})},
                  now);
    return {};
  });
  if (!st) return http::error_response(req, st.error());
  auto cal = svc.db.read([](soci::session& s) { return store::calendar(s); });
  return http::ok_json(json::object{
      {"date", date}, {"kind", cal.override_of(date)}, {"workday", cal.is_workday(date)}});
}

}  // namespace

void calendar_routes(http::Router& router, Services& svc) {
  router.add("GET", "/api/v1/calendar", http::bind(svc, get_calendar),
             {.summary = "Holidays and make-up workdays of a year"});
  router.add("PUT", "/api/v1/calendar/{date}", http::bind(svc, put_calendar_day),
             {.summary = "Set a day's kind", .body = "kind:string! note:string"});
}

}  // namespace gridgov::cases
