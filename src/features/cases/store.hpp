#pragma once
// The cases feature's SQL, and only its SQL. Private to the feature: others read
// cases through reads.hpp and change them through intake.hpp and steps.hpp.
#include <optional>
#include <string>
#include <vector>

#include "features/cases/calendar.hpp"
#include "features/cases/hotspots.hpp"
#include "features/cases/model.hpp"
#include "features/cases/reads.hpp"
#include "platform/db/database.hpp"
#include "platform/privacy/vault.hpp"

namespace gridgov::cases {

namespace store {

// Cases still in the loop (the desk's open queue). Queries repeat this text
// exactly so the partial indexes on open cases serve them.
constexpr const char* kOpen =
    "state IN ('reported', 'accepted', 'dispatched', 'returned', 'handling', 'handled',"
    " 'verified')";

// Cases the deadline sweep considers: open and not yet overdue. Queries must
// repeat this text exactly for the planner to use the partial index on it.
constexpr const char* kSweepable =
    "deadline_status <> 'overdue' AND close_deadline > 0 AND state IN ('accepted',"
    " 'dispatched', 'returned', 'handling', 'handled', 'verified')";

// The official calendar with the edits made through the API applied.
Calendar calendar(soci::session& sql);
// Records an edit: kind "holiday", "workday" or "normal" (undo an edit or a shipped date).
void set_calendar_day(WriteTx& tx, const std::string& date, const std::string& kind,
                      const std::string& note, Id by, Millis now);
// Takes back every edit of a year's days (before its notice is imported whole).
void clear_calendar_year(WriteTx& tx, const std::string& year);
// Marks a year's official schedule entered, saying where it came from ("import",
// "editor"); an empty source takes the mark back (the year counts provisionally again).
void set_calendar_year(WriteTx& tx, const std::string& year, const std::string& source, Id by,
                       Millis now);

// 领导包案 (take_charge), 督办 (supervise) or 催办 (urge): recorded on the case.
Status supervise(WriteTx& tx, Id case_id, const std::string& kind, Id leader_id,
                 const std::string& leader_name);

std::vector<Migration> migrations();

// Takes the next number of the day for a district: 一案一码.
std::string next_code(WriteTx& tx, const std::string& district_code, Millis now);
void insert(WriteTx& tx, const Case& c);
std::optional<Case> get(soci::session& sql, Id id);
// Writes the case's new state and fields when `version` is still current;
// false when someone else changed it first. Insert and update keep the
// daily aggregates of the measures in step (daily.hpp).
bool update(WriteTx& tx, const Case& before, const Case& after, int version);
// One more line of a case's history (`h`'s id, case and district are filled in).
void add_history(WriteTx& tx, const Case& c, const HistoryRow& h);
void add_history(WriteTx& tx, Id case_id, const std::string& district_code, HistoryRow h);
std::vector<HistoryRow> history(soci::session& sql, Id case_id);

// Cases of `category` reported since `since` in the 3 × 3 block of ~50 m
// cells around (lng, lat): the duplicate candidates (the caller checks
// distance). Only id, code, title, state, location, place, assignee path and
// reporter are filled.
std::vector<Case> nearby(soci::session& sql, const std::string& category, Millis since, Id except,
                         double lng, double lat);
constexpr double kCellDegrees = 0.0005;
long long cell_of(double lng, double lat);

// Reports at and below `node_path` since `since`, with their place and category (for hotspots).
std::vector<PlacedReport> placed_reports(soci::session& sql, const std::string& node_path,
                                         Millis since);

struct Query {
  std::vector<std::string> scopes;           // node paths: cases located there
  std::vector<std::string> assigned_scopes;  // node paths: cases dispatched there
  Id reporter_id = 0;                        // and the caller's own
  std::string state;        // one state, "open" (every state still in the loop) or "" (all)
  std::string phone_index;  // only the cases of this caller (a blind index), when set
  std::optional<Id> before;
  int limit = 50;
};
std::vector<Case> list(soci::session& sql, const Query& q);
// Seals contact phones still stored as plain text (rows from before sealing);
// returns how many. Idempotent.
Result<int> seal_plain_contacts(Database& db, const privacy::Vault& vault);

// Whether `account` reported a case that was merged into `target`.
bool reported_duplicate_of(soci::session& sql, Id target, Id account);
// Every case in id order, `limit` at a time after `after` (for rebuilding aggregates).
std::vector<Case> page_by_id(soci::session& sql, Id after, int limit);

// The dispatcher's live picture at and below a node path (a grid and above from
// the open counts and the daily aggregates, a micro-grid from its cases).
struct Situation {
  long long open = 0, due_soon = 0, overdue = 0, today = 0;
};
Situation situation_at(soci::session& sql, const std::string& path, Millis day_start);
// Every case ever located at and below a node path.
long long count_below(soci::session& sql, const std::string& path);

}  // namespace store
}  // namespace gridgov::cases
