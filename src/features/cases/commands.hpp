#pragma once
// The cases feature's state changes besides a case's workflow steps
// (steps.hpp: record_step) and whistles (whistles.hpp), as named commands:
// each runs inside a write (its savepoint: an outcome other than success
// leaves nothing behind) and audits itself. The routes check the caller's
// right and the request's shape first, then run one of these.
#include <string>
#include <vector>

#include "features/cases/dispatch_rules.hpp"
#include "features/cases/model.hpp"
#include "features/cases/photos.hpp"
#include "features/cases/taxonomy.hpp"
#include "platform/auth/audit.hpp"
#include "platform/db/database.hpp"

namespace gridgov::cases {

// SuperviseCase — a leader takes charge of `c` (领导包案, kind take_charge), puts it
// under supervision (督办, supervise) or urges it (催办, urge), with a note; the
// workflow state does not change. Recorded on the case and in its history,
// audited as case.<kind>, emitted as case.<kind> to those who may read the case.
// Outcomes: done; kConflict when the leader already holds the case that way.
Status supervise_case(WriteTx& tx, const Actor& actor, const Case& c, const std::string& kind,
                      const std::string& note, Millis now);

// AttachPhoto — `p` (its file already saved) joins `c` at its stage; in the
// history and audited as case.photo with its checksum. Always succeeds (the
// caller removes the file when the write fails).
void attach_photo(WriteTx& tx, const Actor& actor, const Case& c, const Photo& p, Millis now);

// ImportCases — every case of a checked sheet taken in at once (all rows or
// none), audited once as case.import at `common`, the deepest node holding
// every row. `drafts` get their codes. Always succeeds.
void import_cases(WriteTx& tx, const Actor& actor, std::vector<Case>& drafts,
                  const std::string& common, Millis now);

// One day of the working-day calendar as the State Council's notice gives it:
// a day off (holiday) or a make-up workday (workday), with its note.
struct CalendarDay {
  std::string date, kind, note;
};
// SetCalendarDay — one day is a holiday, a workday or normal again; audited as
// calendar.set. Always succeeds.
void set_calendar_day(WriteTx& tx, const Actor& actor, const CalendarDay& d, Millis now);
// MarkCalendarYear — the year's days are all in (`entered`) or not yet; audited as
// calendar.year. Always succeeds.
void mark_calendar_year(WriteTx& tx, const Actor& actor, const std::string& year, bool entered,
                        Millis now);
// ImportCalendarYear — the year's notice replaces its edits and marks it entered;
// audited as calendar.import with the number of days. Always succeeds.
void import_calendar_year(WriteTx& tx, const Actor& actor, const std::string& year,
                          const std::vector<CalendarDay>& days, Millis now);

// ReplaceDispatchRules — `node`'s own rules become `rules` (those above stay);
// audited as case.dispatch_rules with the rules as shown. Always succeeds.
void replace_dispatch_rules(WriteTx& tx, const Actor& actor, const tree::Node& node,
                            const std::vector<DispatchRule>& rules, Millis now);

// DefineCategory — a case category added (`created`) or changed; audited as
// case.category_create or case.category_update. The caller reloads the
// categories after the commit. Always succeeds.
void define_category(WriteTx& tx, const Actor& actor, const Category& c, bool created, Millis now);

}  // namespace gridgov::cases
