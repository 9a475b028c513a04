// Routes for the holiday calendar the deadlines follow: the days of a year, a
// day set by hand, a year marked entered, the State Council's notice imported
// from a sheet, and what is still missing.
#include <soci/soci.h>
#include <boost/json.hpp>
#include <map>

#include "features/cases/api.hpp"
#include "features/cases/calendar_notices.hpp"
#include "features/cases/commands.hpp"
#include "features/cases/store.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/download.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/text/table.hpp"
#include "platform/text/text.hpp"

namespace gridgov::cases {
namespace json = boost::json;
using http::Reply;
using http::Request;

namespace {

Calendar read_calendar(Services& svc) {
  return svc.db.read([](soci::session& s) { return store::calendar(s); });
}

Result<std::string> year_of(const Request& req, Services& svc) {
  std::string year = req.query_param("year").value_or(cst_date(svc.clock.now_ms()).substr(0, 4));
  if (!valid_year(year))
    return Error::invalid("year", "year 须为四位年份", "year must be four digits");
  return year;
}

Status may_manage(Services& svc, const Request& req) {
  return svc.authz.check(*req.principal, "calendar.manage", "/1/");
}

// GET /api/v1/calendar?year=2026: every day of the year that is not an ordinary
// weekday/weekend — holidays and make-up workdays, shipped or edited — and
// whether the year's official schedule is in.
Reply get_calendar(Services& svc, Request& req) {
  auto year = year_of(req, svc);
  if (!year) return year.error();
  Calendar cal = read_calendar(svc);
  json::array days;
  for (int m = 1; m <= 12; ++m) {
    for (int d = 1; d <= 31; ++d) {
      char date[16];
      std::snprintf(date, sizeof date, "%s-%02d-%02d", year->c_str(), m, d);
      std::string kind = cal.override_of(date);
      if (kind.empty() && !cal.entered(*year) && fixed_date_holiday(date)) kind = "statutory";
      if (!kind.empty()) days.push_back(json::object{{"date", date}, {"kind", kind}});
    }
  }
  return http::ok_json(
      json::object{{"year", *year}, {"entered", cal.entered(*year)}, {"days", days}});
}

// GET /api/v1/calendar/status: the years that deadlines now count provisionally,
// as the notices administrators are shown.
Reply get_status(Services& svc, Request&) {
  json::array missing;
  for (const auto& y : missing_calendar_years(read_calendar(svc), svc.clock.now_ms()))
    missing.push_back(json::string(y));
  return http::ok_json(
      json::object{{"today", cst_date(svc.clock.now_ms())}, {"missing_years", std::move(missing)}});
}

const http::Choices kKinds = {{"holiday", "放假"}, {"workday", "调休上班"}, {"normal", "恢复平常"}};

// PUT /api/v1/calendar/{date} {kind: holiday|workday|normal, note}: enter the State
// Council's schedule for a new year, or correct a day. Deadlines set afterwards use it.
Reply put_calendar_day(Services& svc, Request& req) {
  if (auto st = may_manage(svc, req); !st) return st.error();
  std::string date = req.param("date");
  if (!valid_date(date))
    return Error::invalid("date", "日期格式须为 YYYY-MM-DD", "Dates are YYYY-MM-DD");
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto kind = body->text("kind", {.max_chars = 10});
  if (!kind) return kind.error();
  if (auto st = http::check_choice(kKinds, *kind, "kind"); !st) return st.error();
  auto note = body->text("note", {.required = false, .max_chars = 100});
  if (!note) return note.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    set_calendar_day(tx, actor_of(req), {date, *kind, *note}, now);
    return {};
  });
  if (!st) return st.error();
  Calendar cal = read_calendar(svc);
  return http::ok_json(json::object{
      {"date", date}, {"kind", cal.override_of(date)}, {"workday", cal.is_workday(date)}});
}

// PUT /api/v1/calendar/years/{year} {entered: bool}: the year's days are all in
// (or not after all); deadlines from then on follow only what was entered.
Reply put_year(Services& svc, Request& req) {
  if (auto st = may_manage(svc, req); !st) return st.error();
  std::string year = req.param("year");
  if (!valid_year(year)) return Error::invalid("year", "年份须为四位数字", "A year is four digits");
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto entered = body->boolean("entered");
  if (!entered) return entered.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    mark_calendar_year(tx, actor_of(req), year, **entered, now);
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(json::object{{"year", year}, {"entered", read_calendar(svc).entered(year)}});
}

// The columns of the notice as a sheet: one row per day off or make-up workday.
struct NoticeColumn {
  const char* zh;
  const char* en;
};
constexpr NoticeColumn kDate{"日期", "date"}, kKind{"类型", "kind"}, kNote{"备注", "note"};

std::optional<std::string> kind_named(const std::string& v) {
  static const std::map<std::string, std::string> kNames = {
      {"放假", "holiday"},     {"休息", "holiday"}, {"holiday", "holiday"},
      {"调休上班", "workday"}, {"上班", "workday"}, {"workday", "workday"}};
  auto it = kNames.find(text::trim(v));
  if (it == kNames.end()) return std::nullopt;
  return it->second;
}

// Every row of the sheet checked; the days, or every problem of every row.
Result<std::vector<CalendarDay>> read_notice(Services& svc, const Request& req,
                                             const std::string& year,
                                             std::vector<table::RowError>& errors) {
  auto format = table::format_of_type(req.header("Content-Type"));
  if (!format)
    return Error::make(ErrorKind::kUnsupportedMedia, "unsupported_media_type",
                       "请上传 CSV 或 xlsx 文件", "Send the schedule as CSV or xlsx");
  auto opened = table::Reader::open(req.body, *format, table::limits_of(svc.config));
  if (!opened) {
    errors.push_back({1, "", opened.error().message_zh, opened.error().message_en});
    return std::vector<CalendarDay>{};
  }
  std::vector<std::string> header, cells;
  if (!(*opened)->next(header)) {
    Status st = (*opened)->status();
    errors.push_back({1, "", st ? "文件为空" : st.error().message_zh,
                      st ? "The file is empty" : st.error().message_en});
    return std::vector<CalendarDay>{};
  }
  int date_at = -1, kind_at = -1, note_at = -1;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string h = text::trim(header[i]);
    if (h == kDate.zh || h == kDate.en) date_at = static_cast<int>(i);
    if (h == kKind.zh || h == kKind.en) kind_at = static_cast<int>(i);
    if (h == kNote.zh || h == kNote.en) note_at = static_cast<int>(i);
  }
  for (auto [at, col] : {std::pair{date_at, kDate}, std::pair{kind_at, kKind}})
    if (at < 0)
      errors.push_back({1, col.zh, std::string("缺少必填列: ") + col.zh,
                        std::string("Missing required column: ") + col.en});
  if (!errors.empty()) return std::vector<CalendarDay>{};
  std::vector<CalendarDay> days;
  std::map<std::string, int> seen;  // date → the row that gave it
  while ((*opened)->next(cells)) {
    int row = (*opened)->line();
    if (row > 1000) {
      errors.push_back(
          {row, "", "一年的安排不超过 1000 行", "A year's schedule has at most 1000 rows"});
      break;
    }
    cells.resize(header.size());
    CalendarDay d{text::trim(cells[date_at]), "", note_at >= 0 ? text::trim(cells[note_at]) : ""};
    if (!valid_date(d.date))
      errors.push_back({row, kDate.zh, "日期格式须为 YYYY-MM-DD", "Dates are YYYY-MM-DD"});
    else if (d.date.substr(0, 4) != year)
      errors.push_back({row, kDate.zh, "日期不在 " + year + " 年内", "The date is not in " + year});
    else if (auto [it, fresh] = seen.emplace(d.date, row); !fresh)
      errors.push_back({row, kDate.zh, "与第 " + std::to_string(it->second) + " 行日期重复",
                        "The same date as row " + std::to_string(it->second)});
    if (auto k = kind_named(cells[kind_at]))
      d.kind = *k;
    else
      errors.push_back({row, kKind.zh, "类型须为“放假”或“调休上班”",
                        "The kind is holiday (放假) or workday (调休上班)"});
    if (text::length(d.note) > 100)
      errors.push_back({row, kNote.zh, "备注不超过 100 字", "A note has at most 100 characters"});
    days.push_back(std::move(d));
  }
  if (Status st = (*opened)->status(); !st)
    errors.push_back({(*opened)->line() + 1, "", st.error().message_zh, st.error().message_en});
  if (errors.empty() && days.empty())
    errors.push_back({2, "", "没有数据行", "There are no data rows"});
  return days;
}

// POST /api/v1/calendar/import?year=2027 (CSV or xlsx): the State Council's notice
// for a year, all rows or none. It replaces that year's edits and marks it entered.
Reply import_notice(Services& svc, Request& req) {
  if (auto st = may_manage(svc, req); !st) return st.error();
  std::string year = req.query_param("year").value_or("");
  if (!valid_year(year)) return Error::invalid("year", "请指定四位年份 year", "Name the year");
  std::vector<table::RowError> errors;
  auto days = read_notice(svc, req, year, errors);
  if (!days) return days.error();
  if (!errors.empty()) return http::rows_rejected(req, errors);
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    import_calendar_year(tx, actor_of(req), year, *days, now);
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(json::object{{"year", year}, {"imported", days->size()}, {"entered", true}});
}

// GET /api/v1/calendar/template?format=xlsx|csv: the sheet to fill from the notice.
Reply get_template(Services&, Request& req) {
  auto f = table::format_named(req.query_param("format").value_or("xlsx"));
  if (!f) return Error::invalid("format", "format 须为 xlsx 或 csv", "format is xlsx or csv");
  bool en = req.english();
  table::Table t{en ? "schedule" : "节假日安排",
                 {en ? kDate.en : kDate.zh, en ? kKind.en : kKind.zh, en ? kNote.en : kNote.zh},
                 {{"2027-01-01", en ? "holiday" : "放假", en ? "New Year's Day" : "元旦"}},
                 {},
                 {12, 10, 24}};
  return http::table_download(req, {t}, *f, en ? "holiday-schedule" : "节假日安排模板");
}

}  // namespace

void calendar_routes(http::Router& router, Services& svc) {
  router.add("GET", "/api/v1/calendar", http::bind(svc, get_calendar),
             {.summary = "Holidays and make-up workdays of a year, and whether it is entered"});
  router.add("GET", "/api/v1/calendar/status", http::bind(svc, get_status),
             {.summary = "Years whose official schedule is still missing (deadlines provisional)"});
  router.add("GET", "/api/v1/calendar/template", http::bind(svc, get_template),
             {.summary = "The sheet to fill with a year's holiday notice (xlsx or CSV)"});
  router.add("POST", "/api/v1/calendar/import", http::bind(svc, import_notice),
             {.summary = "Import a year's holiday notice from CSV or xlsx, all rows or none",
              .body = "upload"});
  router.add(
      "PUT", "/api/v1/calendar/years/{year}", http::bind(svc, put_year),
      {.summary = "Mark a year's official schedule entered (or not)", .body = "entered:boolean!"});
  router.add("PUT", "/api/v1/calendar/{date}", http::bind(svc, put_calendar_day),
             {.summary = "Set a day's kind", .body = "kind:string! note:string"});
}

}  // namespace gridgov::cases
