#pragma once
// Whistle and report (吹哨报到): a community or street calls one or more
// departments to a case; each must report (报到) before its deadline, and the
// whistler rates each department's response (the community's right to
// evaluate departments). SQL and the rules of the three steps.
#include <optional>
#include <string>
#include <vector>

#include "platform/auth/audit.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::cases {

struct Whistle {
  Id id = 0;
  Id case_id = 0;
  std::string case_code, case_title;  // for queues (joined, not stored twice)
  std::string district_code;
  std::string node_path;  // the case's place: whose dispatchers may rate
  Id department_id = 0;
  std::string department_path, department_name;
  Id whistler_id = 0;
  std::string whistler_name, note;
  std::string state = "whistled";  // whistled → reported → rated
  Millis due_at = 0;
  bool overdue = false;  // not reported by the deadline (set by the sweep or on report)
  Millis reported_at = 0;
  std::string report_note, reporter_name;
  int rating = 0;  // 1–5, by the whistler's side
  std::string rating_note;
  Millis rated_at = 0;
  Millis created_at = 0;
  int version = 1;
};

struct Case;

namespace whistles {

// A new whistle on case `c` to `department` (not yet written).
Whistle make(const Case& c, const tree::Node& department, Id whistler_id, std::string whistler_name,
             std::string note, Millis now, Millis due);

// The rules of the steps (pure): ok, or kInvalid "illegal_transition" saying why.
// A department reports once; the whistler rates a report, or a department
// whose deadline passed without one (a no-show is rated too), once.
Status can_report(const Whistle& w);
Status can_rate(const Whistle& w, Millis now);

// Ordered per case, then by id.
std::vector<Whistle> of_case(soci::session& sql, Id case_id);
std::optional<Whistle> get(soci::session& sql, Id id);
// True when an unrated whistle to `department_id` is open on the case.
bool open_for(soci::session& sql, Id case_id, Id department_id);
// Whether any whistle on the case went to a department inside `scopes`.
bool whistled_within(soci::session& sql, Id case_id, const std::vector<std::string>& scopes);
void insert(WriteTx& tx, const Whistle& w);
// Saves the report or rating fields when `version` is current; false if stale.
bool update(WriteTx& tx, const Whistle& w, int version);

// The three steps as named commands, each run inside a write (its savepoint:
// an outcome other than success leaves nothing behind); each records the step
// in the case's history, the audit log and the live feed. The route has
// checked the caller's right and the request's shape.
//
// Blow (吹哨) — `actor` calls `departments` (already checked to serve the case's
// place) to open case `c`, each to report by `due`.
// Outcomes: the whistles as written, one per department;
//   kInvalid illegal_transition — the case is closed, evaluated or ended;
//   kConflict already_whistled — one of them has an unrated whistle on this case.
Result<std::vector<Whistle>> blow(WriteTx& tx, const Case& c,
                                  const std::vector<tree::Node>& departments, const Actor& actor,
                                  const std::string& note, Millis now, Millis due);
// Report (报到) — the department answers whistle `w` of case `c`.
// Outcomes: the whistle as written (reported; overdue when after its deadline);
//   kInvalid illegal_transition — it has reported already or been rated;
//   kConflict stale_version — `version` is not the whistle's.
Result<Whistle> report(WriteTx& tx, Whistle w, const Case& c, int version, const Actor& actor,
                       const std::string& note, Millis now);
// Rate — the whistler's side gives 1–5 stars to a report, or to a department
// whose deadline passed without one (it is then marked overdue).
// Outcomes: the whistle as written (rated);
//   kInvalid illegal_transition — rated already, or not reported and not yet due;
//   kConflict stale_version — `version` is not the whistle's.
Result<Whistle> rate(WriteTx& tx, Whistle w, const Case& c, int version, int stars,
                     const Actor& actor, const std::string& note, Millis now);

struct Query {
  std::vector<std::string> department_scopes;  // whistles to departments here …
  std::vector<std::string> place_scopes;       // … or on cases located here
  std::string state;                           // whistled | reported | rated | "" (all)
  std::optional<Id> before;
  int limit = 50;
};
std::vector<Whistle> list(soci::session& sql, const Query& q);

// Marks whistles past their deadline and not reported as overdue; returns them.
std::vector<Whistle> mark_overdue(WriteTx& tx, Millis now);
// Whistles at and below a node path still waiting for their department (a figure).
long long waiting_below(soci::session& sql, const std::string& node_path, long long now);

// Per department over whistles made in [from, to): counts, on-time reports, mean rating.
struct DepartmentScore {
  Id department_id = 0;
  std::string name;
  int whistled = 0, reported = 0, on_time = 0, rated = 0;
  double rating_sum = 0;
};
std::vector<DepartmentScore> scores(soci::session& sql, const std::string& node_path, Millis from,
                                    Millis to);

}  // namespace whistles
}  // namespace gridgov::cases
