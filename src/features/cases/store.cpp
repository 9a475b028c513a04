#include "features/cases/store.hpp"

#include "features/cases/case_rows.hpp"

#include "features/cases/daily.hpp"
#include "features/cases/open_counts.hpp"
#include "features/cases/taxonomy.hpp"

#include <soci/soci.h>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>

namespace gridgov::cases::store {

std::vector<Migration> migrations() {
  std::vector<Migration> all = {
      {"cases",
       1,
       "cases, history, daily sequences",
       {"CREATE TABLE cases ("
        " id BIGINT PRIMARY KEY,"
        " code TEXT NOT NULL UNIQUE,"
        " district_code TEXT NOT NULL,"
        " node_id BIGINT NOT NULL REFERENCES nodes(id),"
        " node_path TEXT NOT NULL,"
        " channel TEXT NOT NULL, kind TEXT NOT NULL, category TEXT NOT NULL, urgency TEXT NOT NULL,"
        " title TEXT NOT NULL, description TEXT NOT NULL, address TEXT NOT NULL,"
        " lng DOUBLE PRECISION, lat DOUBLE PRECISION,"
        " building_id BIGINT NOT NULL DEFAULT 0,"
        " reporter_id BIGINT NOT NULL DEFAULT 0,"
        " contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL,"
        " state TEXT NOT NULL,"
        " assignee_id BIGINT NOT NULL DEFAULT 0,"
        " assignee_path TEXT NOT NULL DEFAULT '',"
        " returns INTEGER NOT NULL DEFAULT 0,"
        " delay_pending INTEGER NOT NULL DEFAULT 0,"
        " resolved INTEGER, satisfied INTEGER, rating INTEGER NOT NULL DEFAULT 0,"
        " merged_into BIGINT NOT NULL DEFAULT 0,"
        " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, closed_at BIGINT NOT NULL "
        "DEFAULT 0,"
        " version INTEGER NOT NULL DEFAULT 1)",
        "CREATE INDEX cases_by_place ON cases (node_path, id)",
        "CREATE INDEX cases_by_assignee ON cases (assignee_path, id)",
        "CREATE INDEX cases_by_reporter ON cases (reporter_id, id)",
        "CREATE TABLE case_history ("
        " id BIGINT PRIMARY KEY,"
        " case_id BIGINT NOT NULL REFERENCES cases(id),"
        " district_code TEXT NOT NULL,"
        " at BIGINT NOT NULL, actor_id BIGINT NOT NULL, actor_name TEXT NOT NULL,"
        " action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, note TEXT NOT "
        "NULL)",
        "CREATE INDEX case_history_by_case ON case_history (case_id, id)",
        "CREATE TABLE case_sequences ("
        " district_code TEXT NOT NULL, day TEXT NOT NULL, last INTEGER NOT NULL,"
        " PRIMARY KEY (district_code, day))"},
       {}},
      {"cases",
       2,
       "deadlines and escalation",
       {"ALTER TABLE cases ADD COLUMN sign_deadline BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE cases ADD COLUMN close_deadline BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE cases ADD COLUMN deadline_status TEXT NOT NULL DEFAULT 'on_time'",
        "ALTER TABLE cases ADD COLUMN escalated_to BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE cases ADD COLUMN complex INTEGER NOT NULL DEFAULT 0",
        // The sweep reads open cases by deadline, never the whole table.
        "CREATE INDEX cases_by_deadline ON cases (close_deadline, deadline_status)"},
       {}},
      {"cases",
       3,
       "nearby lookups by 50 m cell",
       {"ALTER TABLE cases ADD COLUMN cell BIGINT NOT NULL DEFAULT 0",
        "CREATE INDEX cases_by_cell ON cases (category, cell, created_at)"},
       {}},
      {"cases",
       4,
       "leader in charge, supervision",
       {"ALTER TABLE cases ADD COLUMN leader_id BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE cases ADD COLUMN leader_name TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE cases ADD COLUMN supervised INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE cases ADD COLUMN urges INTEGER NOT NULL DEFAULT 0"},
       {}},
      {"cases",
       5,
       "calendar edits",
       {"CREATE TABLE case_calendar ("
        " day TEXT PRIMARY KEY, kind TEXT NOT NULL, note TEXT NOT NULL,"
        " updated_at BIGINT NOT NULL, updated_by BIGINT NOT NULL)"},
       {}},
      {"cases",
       6,
       "whistles to departments, dispatch rules, open-case deadline index",
       {"CREATE TABLE case_whistles ("
        " id BIGINT PRIMARY KEY,"
        " case_id BIGINT NOT NULL REFERENCES cases(id),"
        " district_code TEXT NOT NULL, node_path TEXT NOT NULL,"
        " department_id BIGINT NOT NULL REFERENCES nodes(id),"
        " department_path TEXT NOT NULL, department_name TEXT NOT NULL,"
        " whistler_id BIGINT NOT NULL, whistler_name TEXT NOT NULL, note TEXT NOT NULL,"
        " state TEXT NOT NULL, due_at BIGINT NOT NULL, overdue INTEGER NOT NULL,"
        " reported_at BIGINT NOT NULL, report_note TEXT NOT NULL, reporter_name TEXT NOT NULL,"
        " rating INTEGER NOT NULL, rating_note TEXT NOT NULL, rated_at BIGINT NOT NULL,"
        " created_at BIGINT NOT NULL, version INTEGER NOT NULL)",
        "CREATE INDEX case_whistles_by_case ON case_whistles (case_id, id)",
        "CREATE INDEX case_whistles_by_department ON case_whistles (department_path, id)",
        "CREATE INDEX case_whistles_by_place ON case_whistles (node_path, created_at)",
        "CREATE INDEX case_whistles_due ON case_whistles (due_at) WHERE state = 'whistled'"
        " AND overdue = 0",
        "CREATE TABLE case_dispatch_rules ("
        " node_id BIGINT NOT NULL REFERENCES nodes(id), node_path TEXT NOT NULL,"
        " category TEXT NOT NULL, target_level TEXT NOT NULL, target_id BIGINT NOT NULL,"
        " updated_at BIGINT NOT NULL, updated_by BIGINT NOT NULL,"
        " PRIMARY KEY (node_id, category))",
        // The sweep looks only at open cases that are not overdue yet: a partial
        // index keeps it proportional to those, not to every case ever closed.
        "DROP INDEX cases_by_deadline",
        std::string("CREATE INDEX cases_open_by_deadline ON cases (close_deadline) WHERE ") +
            kSweepable},
       {}},
      {"cases",
       7,
       "photos, anonymous reporters' upload tokens",
       {"CREATE TABLE case_photos ("
        " id BIGINT PRIMARY KEY, case_id BIGINT NOT NULL REFERENCES cases(id),"
        " stage TEXT NOT NULL, content_type TEXT NOT NULL, bytes BIGINT NOT NULL,"
        " sha256 TEXT NOT NULL, file TEXT NOT NULL, uploaded_by TEXT NOT NULL,"
        " created_at BIGINT NOT NULL)",
        "CREATE INDEX case_photos_by_case ON case_photos (case_id, id)",
        "CREATE TABLE case_upload_tokens ("
        " case_id BIGINT PRIMARY KEY REFERENCES cases(id), token_hash TEXT NOT NULL,"
        " until BIGINT NOT NULL)"},
       {}},
      {"cases",
       8,
       "milestones on the case, daily aggregates of the measures",
       {"ALTER TABLE cases ADD COLUMN milestones INTEGER NOT NULL DEFAULT 0",
        // Milestones from the history already written.
        "UPDATE cases SET milestones ="
        " (CASE WHEN EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = cases.id"
        "   AND h.action IN ('dispatch', 'arbitrate')) THEN 1 ELSE 0 END)"
        " + (CASE WHEN EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = cases.id"
        "   AND h.action = 'sign' AND h.at <= cases.sign_deadline) THEN 2 ELSE 0 END)"
        " + (CASE WHEN EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = cases.id"
        "   AND h.action = 'return') THEN 4 ELSE 0 END)"
        " + (CASE WHEN EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = cases.id"
        "   AND h.action = 'handle') THEN 8 ELSE 0 END)"
        " + (CASE WHEN EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = cases.id"
        "   AND h.action = 'verify_fail') THEN 16 ELSE 0 END)",
        // One row per Beijing day × street (the case's place cut to five levels) × category.
        "CREATE TABLE case_daily ("
        " day TEXT NOT NULL, street_path TEXT NOT NULL, category TEXT NOT NULL,"
        " received BIGINT NOT NULL, dispatched BIGINT NOT NULL, signed_on_time BIGINT NOT NULL,"
        " returned BIGINT NOT NULL, handled BIGINT NOT NULL, reworked BIGINT NOT NULL,"
        " closed BIGINT NOT NULL, closed_on_time BIGINT NOT NULL, evaluated BIGINT NOT NULL,"
        " resolved BIGINT NOT NULL, satisfied BIGINT NOT NULL, handling_ms BIGINT NOT NULL,"
        " PRIMARY KEY (day, street_path, category))",
        // Filled from the cases already there when the server next starts.
        "CREATE TABLE case_daily_rebuild (needed INTEGER NOT NULL)",
        "INSERT INTO case_daily_rebuild (needed) VALUES (1)"},
       {}},
      {"cases",
       9,
       "open queues by place and by assignee",
       {std::string("CREATE INDEX cases_open_by_place ON cases (node_path, id) WHERE ") + kOpen,
        std::string("CREATE INDEX cases_open_by_assignee ON cases (assignee_path, id) WHERE ") +
            kOpen},
       {}},
      {"cases",
       10,
       "path prefix indexes usable by LIKE on PostgreSQL",
       {"SELECT 1"},
       {"DROP INDEX cases_by_place", "DROP INDEX cases_by_assignee",
        "DROP INDEX cases_open_by_place", "DROP INDEX cases_open_by_assignee",
        "DROP INDEX case_whistles_by_department", "DROP INDEX case_whistles_by_place",
        "CREATE INDEX cases_by_place ON cases (node_path text_pattern_ops, id)",
        "CREATE INDEX cases_by_assignee ON cases (assignee_path text_pattern_ops, id)",
        std::string("CREATE INDEX cases_open_by_place ON cases (node_path text_pattern_ops, id)"
                    " WHERE ") +
            kOpen,
        std::string("CREATE INDEX cases_open_by_assignee ON cases (assignee_path text_pattern_ops,"
                    " id) WHERE ") +
            kOpen,
        "CREATE INDEX case_whistles_by_department ON case_whistles"
        " (department_path text_pattern_ops, id)",
        "CREATE INDEX case_whistles_by_place ON case_whistles (node_path text_pattern_ops,"
        " created_at)"}},
      {"cases",
       11,
       "contact phones sealed: their mask and blind index",
       {"ALTER TABLE cases ADD COLUMN contact_phone_mask TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE cases ADD COLUMN contact_phone_index TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX cases_by_phone ON cases (contact_phone_index, id)"
        " WHERE contact_phone_index <> ''"},
       {}},
      {"cases",
       12,
       "first contact with the reporter, duplicates by the case they joined",
       {"ALTER TABLE cases ADD COLUMN contact_deadline BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE case_daily ADD COLUMN contacted_on_time BIGINT NOT NULL DEFAULT 0",
        // Duplicates by the case they joined (their reporters follow it).
        "CREATE INDEX cases_by_merged_into ON cases (merged_into) WHERE merged_into <> 0",
        // A street's own measures read its rows, not the period's rows of the whole city.
        "CREATE INDEX case_daily_by_street ON case_daily (street_path, day)",
        // Duplicate candidates found from the index alone (their state included).
        "DROP INDEX cases_by_cell",
        "CREATE INDEX cases_by_cell ON cases (category, cell, created_at, state)"},
       {}}};
  all.push_back({"cases",
                 15,
                 "cases by when they were reported and last changed (exchange with other systems)",
                 {"CREATE INDEX cases_by_created ON cases (created_at)",
                  "CREATE INDEX cases_by_updated ON cases (updated_at)"},
                 {}});
  all.push_back({"cases",
                 16,
                 "years whose official holiday schedule has been entered",
                 {"CREATE TABLE case_calendar_years ("
                  " year TEXT PRIMARY KEY, source TEXT NOT NULL,"
                  " updated_at BIGINT NOT NULL, updated_by BIGINT NOT NULL)"},
                 {}});
  for (auto& m : taxonomy_migrations()) all.push_back(std::move(m));
  std::string sums;
  for (const char* c : {"received", "dispatched", "signed_on_time", "returned", "handled",
                        "reworked", "contacted_on_time", "closed", "closed_on_time", "evaluated",
                        "resolved", "satisfied", "handling_ms"})
    sums += std::string(", ") + c + " BIGINT NOT NULL";
  all.push_back(
      {"cases",
       14,
       "daily aggregates by street and by district × category, for wide scopes",
       {"CREATE TABLE case_daily_street (day TEXT NOT NULL, street_path TEXT NOT NULL" + sums +
            ", PRIMARY KEY (day, street_path))",
        "CREATE TABLE case_daily_district (day TEXT NOT NULL, district_path TEXT NOT NULL,"
        " category TEXT NOT NULL" +
            sums + ", PRIMARY KEY (day, district_path, category))",
        "UPDATE case_daily_rebuild SET needed = 1"},
       {}});
  all.push_back(
      {"cases",
       17,
       "daily aggregates by community × category and by grid (any scope down to a grid)",
       {"CREATE TABLE case_daily_community (day TEXT NOT NULL, community_path TEXT NOT NULL,"
        " category TEXT NOT NULL" +
            sums + ", PRIMARY KEY (day, community_path, category))",
        "CREATE INDEX case_daily_community_by_place ON case_daily_community (community_path, day)",
        "CREATE TABLE case_daily_grid (day TEXT NOT NULL, grid_path TEXT NOT NULL" + sums +
            ", PRIMARY KEY (day, grid_path))",
        "CREATE INDEX case_daily_grid_by_place ON case_daily_grid (grid_path, day)",
        "UPDATE case_daily_rebuild SET needed = 1"},
       {}});
  // The situation's open, due-soon and overdue counts by grid (open_counts.hpp);
  // PostgreSQL's LIKE on a prefix needs the pattern operator class.
  const std::string open_table =
      "CREATE TABLE case_open (place_path TEXT PRIMARY KEY, open_cases BIGINT NOT NULL,"
      " due_soon BIGINT NOT NULL, overdue BIGINT NOT NULL)";
  all.push_back(
      {"cases",
       18,
       "open cases by place, for the dispatcher's situation",
       {open_table, "UPDATE case_daily_rebuild SET needed = 1"},
       {open_table, "CREATE INDEX case_open_by_prefix ON case_open (place_path text_pattern_ops)",
        "UPDATE case_daily_rebuild SET needed = 1"}});
  return all;
}

Result<int> seal_plain_contacts(Database& db, const privacy::Vault& vault) {
  int sealed = 0;
  for (;;) {
    // A page at a time, each in its own write, so a large table never holds one long transaction.
    auto rows = db.read([](soci::session& s) {
      std::vector<std::pair<Id, std::string>> out;
      Id id = 0;
      std::string phone;
      soci::statement st =
          (s.prepare << "SELECT id, contact_phone FROM cases WHERE contact_phone <> ''"
                        " AND contact_phone_mask = '' LIMIT 5000",
           soci::into(id), soci::into(phone));
      st.execute(false);
      while (st.fetch()) out.emplace_back(id, phone);
      return out;
    });
    if (rows.empty()) return sealed;
    Status st = db.write([&](WriteTx& tx) -> Status {
      for (const auto& [id, phone] : rows) {
        std::string box = vault.seal(phone), mask = privacy::mask_phone(phone),
                    index = vault.blind("phone", phone);
        tx.sql << "UPDATE cases SET contact_phone = :p, contact_phone_mask = :m,"
                  " contact_phone_index = :i WHERE id = :id",
            soci::use(box), soci::use(mask), soci::use(index), soci::use(id);
      }
      return {};
    });
    if (!st) return st.error();
    sealed += static_cast<int>(rows.size());
  }
}

namespace {
// An edit of one day (holiday, workday, or back to normal) and a year whose official
// schedule has been entered.
struct CalendarEdit {
  std::string day, kind, note;
  Millis updated_at = 0;
  Id updated_by = 0;
};
struct CalendarYear {
  std::string year, source;
  Millis updated_at = 0;
  Id updated_by = 0;
};
const db::RowMap<CalendarEdit>& calendar_edit_map() {
  static const auto map = db::RowMap<CalendarEdit>("case_calendar")
                              .col("day", &CalendarEdit::day)
                              .col("kind", &CalendarEdit::kind)
                              .col("note", &CalendarEdit::note)
                              .col("updated_at", &CalendarEdit::updated_at)
                              .col("updated_by", &CalendarEdit::updated_by);
  return map;
}
const db::RowMap<CalendarYear>& calendar_year_map() {
  static const auto map = db::RowMap<CalendarYear>("case_calendar_years")
                              .col("year", &CalendarYear::year)
                              .col("source", &CalendarYear::source)
                              .col("updated_at", &CalendarYear::updated_at)
                              .col("updated_by", &CalendarYear::updated_by);
  return map;
}
}  // namespace

Calendar calendar(soci::session& sql) {
  Calendar cal = Calendar::official();
  for (const auto& e : db::read_rows(calendar_edit_map(), sql, "", db::no_params)) {
    if (e.kind == "holiday")
      (void)cal.add_holiday(e.day);
    else if (e.kind == "workday")
      (void)cal.add_workday(e.day);
    else
      cal.clear(e.day);
  }
  for (const auto& y : db::read_rows(calendar_year_map(), sql, "", db::no_params))
    (void)cal.mark_entered(y.year);
  return cal;
}

void clear_calendar_year(WriteTx& tx, const std::string& year) {
  std::string from = year + "-01-01", to = year + "-12-31";
  tx.sql << "DELETE FROM case_calendar WHERE day >= :a AND day <= :b", soci::use(from),
      soci::use(to);
}

void set_calendar_year(WriteTx& tx, const std::string& year, const std::string& source, Id by,
                       Millis now) {
  tx.sql << "DELETE FROM case_calendar_years WHERE year = :y", soci::use(year);
  if (source.empty()) return;
  db::PreparedWrite<CalendarYear> ins(tx.sql, calendar_year_map(), calendar_year_map().insert_sql(),
                                      {});
  ins.row() = {year, source, now, by};
  ins.execute();
}

void set_calendar_day(WriteTx& tx, const std::string& date, const std::string& kind,
                      const std::string& note, Id by, Millis now) {
  db::PreparedWrite<CalendarEdit> put(tx.sql, calendar_edit_map(),
                                      calendar_edit_map().upsert_sql("day"), {});
  put.row() = {date, kind, note, now, by};
  put.execute();
}

Status supervise(WriteTx& tx, Id case_id, const std::string& kind, Id leader_id,
                 const std::string& leader_name) {
  if (kind == "take_charge") {
    tx.sql << "UPDATE cases SET leader_id = :l, leader_name = :n, version = version + 1 WHERE id = "
              ":id",
        soci::use(leader_id), soci::use(leader_name), soci::use(case_id);
  } else if (kind == "supervise") {
    tx.sql << "UPDATE cases SET supervised = 1, version = version + 1 WHERE id = :id",
        soci::use(case_id);
  } else {
    tx.sql << "UPDATE cases SET urges = urges + 1, version = version + 1 WHERE id = :id",
        soci::use(case_id);
  }
  return {};
}

namespace {
// The day's next number for a district, in one statement (kept prepared: every intake takes one).
struct NextSequence {
  std::string district, day;
  int last = 0;
  soci::statement st;
  explicit NextSequence(soci::session& sql)
      : st((sql.prepare << "INSERT INTO case_sequences (district_code, day, last) VALUES (:dc,"
                           " :day, 1) ON CONFLICT (district_code, day) DO UPDATE SET last ="
                           " case_sequences.last + 1 RETURNING last",
            soci::use(district), soci::use(day), soci::into(last))) {}
};
}  // namespace

std::string next_code(WriteTx& tx, const std::string& district_code, Millis now) {
  auto& seq = tx.prepared<NextSequence>();
  seq.district = district_code;
  seq.day = cst_day(now);  // a case reported at 07:00 Beijing time is that day's
  seq.st.execute(true);
  // Step past the returned row so the statement is finished (SQLite will not
  // release a savepoint while a statement is still in progress).
  while (seq.st.fetch()) {
  }
  char number[8];
  std::snprintf(number, sizeof number, "%05d", seq.last);
  return district_code + seq.day + number;
}

long long cell_of(double lng, double lat) {
  // ~55 m × 48 m cells at Wuhan's latitude: neighbours within 50 m lie in the 3 × 3 block around.
  auto row = static_cast<long long>(std::floor((lat + 90.0) / kCellDegrees));
  auto col = static_cast<long long>(std::floor((lng + 180.0) / kCellDegrees));
  return row * 10000000LL + col;
}

namespace {
// The columns a new case is written with (the rest start at their defaults).
const db::Names kInserted = {"id",
                             "code",
                             "district_code",
                             "node_id",
                             "node_path",
                             "channel",
                             "kind",
                             "category",
                             "urgency",
                             "title",
                             "description",
                             "address",
                             "lng",
                             "lat",
                             "building_id",
                             "reporter_id",
                             "contact_name",
                             "contact_phone",
                             "contact_phone_mask",
                             "contact_phone_index",
                             "state",
                             "created_at",
                             "updated_at",
                             "cell"};
struct CaseInsert : db::PreparedWrite<Case> {
  explicit CaseInsert(soci::session& sql)
      : PreparedWrite(sql, case_map(), case_map().insert_sql(kInserted), kInserted) {}
};

// What a step of the loop changes (update()), and the update itself: only while
// the version read is still current.
const db::Names kStepped = {"state",           "assignee_id",    "assignee_path",   "returns",
                            "delay_pending",   "resolved",       "satisfied",       "rating",
                            "merged_into",     "updated_at",     "closed_at",       "complex",
                            "sign_deadline",   "close_deadline", "deadline_status", "milestones",
                            "contact_deadline"};
struct CaseUpdate : db::PreparedWrite<Case> {
  long long expected = 0;
  explicit CaseUpdate(soci::session& sql)
      : PreparedWrite(sql, case_map(),
                      case_map().update_sql(kStepped) +
                          ", version = version + 1 WHERE id = :id AND version = :expected",
                      db::plus(kStepped, "id"), [this](soci::statement& st) {
                        st.exchange(soci::use(expected, "expected"));
                      }) {}
};

const db::RowMap<HistoryRow>& history_map() {
  static const auto map = db::RowMap<HistoryRow>("case_history")
                              .col("id", &HistoryRow::id)
                              .col("case_id", &HistoryRow::case_id)
                              .col("district_code", &HistoryRow::district_code)
                              .col("at", &HistoryRow::at)
                              .col("actor_id", &HistoryRow::actor_id)
                              .col("actor_name", &HistoryRow::actor_name)
                              .col("action", &HistoryRow::action)
                              .col("from_state", &HistoryRow::from_state)
                              .col("to_state", &HistoryRow::to_state)
                              .col("note", &HistoryRow::note);
  return map;
}
// Prepared once: every step of every case writes one.
struct HistoryInsert : db::PreparedWrite<HistoryRow> {
  explicit HistoryInsert(soci::session& sql)
      : PreparedWrite(sql, history_map(), history_map().insert_sql(), {}) {}
};
}  // namespace

void insert(WriteTx& tx, const Case& c) {
  auto& ins = tx.prepared<CaseInsert>();
  ins.row() = c;
  ins.execute();
  daily::add(tx, c, contribution(c));
  open_counts::changed(tx, nullptr, c);
}

std::optional<Case> get(soci::session& sql, Id id) {
  return db::read_row(case_map(), sql, "WHERE id = :id",
                      [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
}

bool update(WriteTx& tx, const Case& before, const Case& c, int version) {
  auto& up = tx.prepared<CaseUpdate>();
  up.row() = c;
  up.expected = version;
  if (up.execute() != 1) return false;
  daily::add(tx, c, contribution(c) - contribution(before));
  open_counts::changed(tx, &before, c);
  return true;
}

void add_history(WriteTx& tx, const Case& c, const HistoryRow& h) {
  add_history(tx, c.id, c.district_code, h);
}

void add_history(WriteTx& tx, Id case_id, const std::string& district_code, HistoryRow h) {
  h.id = new_id();
  h.case_id = case_id;
  h.district_code = district_code;
  auto& ins = tx.prepared<HistoryInsert>();
  ins.row() = std::move(h);
  ins.execute();
}

std::vector<HistoryRow> history(soci::session& sql, Id case_id) {
  return db::read_rows(history_map(), sql, "WHERE case_id = :c ORDER BY id",
                       [&](soci::statement& st) { st.exchange(soci::use(case_id, "c")); });
}

std::vector<Case> nearby(soci::session& sql, const std::string& category, Millis since, Id except,
                         double lng, double lat) {
  long long centre = cell_of(lng, lat);
  std::string cells;
  for (long long dr : {-10000000LL, 0LL, 10000000LL}) {
    for (long long dc : {-1LL, 0LL, 1LL})
      cells += (cells.empty() ? "" : ",") + std::to_string(centre + dr + dc);
  }
  // This runs on every intake: the newest candidates' ids come from the cell
  // index alone (it holds the state), then only what a suggestion shows and its
  // permission check need is read for those.
  std::string ids;
  Id id = 0;
  soci::statement find =
      (sql.prepare << "SELECT id FROM cases WHERE category = :cat AND cell IN (" + cells +
                          ") AND created_at >= :since AND id <> :except AND state NOT IN"
                          " ('rejected', 'merged') ORDER BY id DESC LIMIT 20",
       soci::use(category), soci::use(since), soci::use(except), soci::into(id));
  find.execute(false);
  while (find.fetch()) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  if (ids.empty()) return {};
  Case c;
  std::string state;
  soci::statement st =
      (sql.prepare << "SELECT id, code, title, state, lng, lat, node_path, assignee_path,"
                      " reporter_id FROM cases WHERE id IN (" +
                          ids + ") ORDER BY id DESC",
       soci::into(c.id), soci::into(c.code), soci::into(c.title), soci::into(state),
       soci::into(lng), soci::into(lat), soci::into(c.node_path), soci::into(c.assignee_path),
       soci::into(c.reporter_id));
  st.execute(false);
  std::vector<Case> out;
  while (st.fetch()) {
    c.state = parse_state(state).value_or(State::kReported);
    c.lng = lng;
    c.lat = lat;
    out.push_back(c);
  }
  return out;
}

std::vector<PlacedReport> placed_reports(soci::session& sql, const std::string& node_path,
                                         Millis since) {
  std::vector<PlacedReport> out;
  PlacedReport p;
  std::string pattern = node_path + "%";
  soci::statement st =
      (sql.prepare << "SELECT building_id, cell, category, created_at FROM cases"
                      " WHERE node_path LIKE :p AND created_at >= :s AND state <> 'merged'",
       soci::use(pattern), soci::use(since), soci::into(p.building_id), soci::into(p.cell),
       soci::into(p.category), soci::into(p.at));
  st.execute(false);
  while (st.fetch()) out.push_back(p);
  return out;
}

bool reported_duplicate_of(soci::session& sql, Id target, Id account) {
  if (account == 0) return false;
  int n = 0;
  sql << "SELECT COUNT(*) FROM cases WHERE merged_into = :t AND merged_into <> 0"
         " AND reporter_id = :a",
      soci::use(target), soci::use(account), soci::into(n);
  return n > 0;
}

std::vector<Case> page_by_id(soci::session& sql, Id after, int limit) {
  return db::read_rows(case_map(), sql,
                       "WHERE id > :after ORDER BY id LIMIT " + std::to_string(limit),
                       [&](soci::statement& st) { st.exchange(soci::use(after, "after")); });
}

std::vector<Case> list(soci::session& sql, const Query& q) {
  // Each way a case reaches the caller (located in a scope, dispatched to one,
  // reported by them) is asked for its newest ids alone — an index-only read
  // for the open queue, whose partial indexes hold (path, id) — and only the
  // page's rows are then fetched. One query ORing them would fetch and sort
  // every matching row of a street (thousands) to return fifty.
  std::string filters;
  if (!q.phone_index.empty())
    filters += " AND contact_phone_index = :phone AND contact_phone_index <> ''";
  bool open = q.state == "open";
  if (open)
    filters += std::string(" AND ") + kOpen;
  else if (!q.state.empty())
    filters += " AND state = :state";
  if (q.before) filters += " AND id < :before";
  Id before = q.before.value_or(0), reporter = q.reporter_id;
  std::vector<Id> ids;
  auto newest = [&](const std::string& term, auto bind_term) {
    Id id = 0;
    soci::statement st(sql);
    st.alloc();
    st.exchange(soci::into(id));
    bind_term(st);
    if (!q.phone_index.empty()) st.exchange(soci::use(q.phone_index, "phone"));
    if (!q.state.empty() && !open) st.exchange(soci::use(q.state, "state"));
    if (q.before) st.exchange(soci::use(before, "before"));
    st.prepare("SELECT id FROM cases WHERE " + term + filters + " ORDER BY id DESC LIMIT " +
               std::to_string(q.limit));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) ids.push_back(id);
  };
  for (const auto& scope : q.scopes) {
    std::string pattern = scope + "%";
    newest("node_path LIKE :p", [&](soci::statement& st) { st.exchange(soci::use(pattern, "p")); });
  }
  for (const auto& scope : q.assigned_scopes) {
    std::string pattern = scope + "%";
    newest("assignee_path LIKE :p",
           [&](soci::statement& st) { st.exchange(soci::use(pattern, "p")); });
  }
  if (q.reporter_id) {
    newest("reporter_id = :rep",
           [&](soci::statement& st) { st.exchange(soci::use(reporter, "rep")); });
  }
  std::sort(ids.begin(), ids.end(), std::greater<>());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (static_cast<int>(ids.size()) > q.limit) ids.resize(static_cast<std::size_t>(q.limit));
  if (ids.empty()) return {};
  std::string in;
  for (Id id : ids) in += (in.empty() ? "" : ",") + std::to_string(id);
  return db::read_rows(case_map(), sql, "WHERE id IN (" + in + ") ORDER BY id DESC", db::no_params);
}

}  // namespace gridgov::cases::store
