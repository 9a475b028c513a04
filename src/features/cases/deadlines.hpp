#pragma once
// Deadlines (办理时限) and the sweep that marks cases due soon or overdue and
// escalates overdue ones one level up.
#include <string>

#include "features/cases/calendar.hpp"
#include "platform/db/database.hpp"

namespace gridgov {
class Config;
}

namespace gridgov::cases {

struct DeadlinePolicy {
  Millis sign_ms = 24LL * 3600 * 1000;     // sign for within 24 h
  Millis contact_ms = 24LL * 3600 * 1000;  // first contact with the reporter within 24 h
  int close_working_days = 7;              // ordinary cases
  int complex_working_days = 15;           // complex cases
  Millis utility_ms = 24LL * 3600 * 1000;  // water, power, gas, lifts
  Millis emergency_ms = 2LL * 3600 * 1000;
  Millis due_soon_ms = 24LL * 3600 * 1000;        // warn this long before the close deadline
  Millis whistle_report_ms = 24LL * 3600 * 1000;  // a whistled department reports (报到) within
};

// When a department whistled at `at` to a case of `urgency` must report:
// the policy's window, or the emergency window for emergencies.
Millis whistle_due(const DeadlinePolicy& p, const std::string& urgency, Millis at);

// The policy from the settings (cases.*), defaults as above.
DeadlinePolicy deadline_policy(const Config& config);

struct Deadlines {
  Millis sign = 0;
  Millis contact = 0;
  Millis close = 0;
};

// When a case accepted at `accepted` must be signed for and closed.
Deadlines deadlines_for(const DeadlinePolicy& p, const Calendar& cal, const std::string& category,
                        const std::string& urgency, bool complex, Millis accepted);

struct SweepResult {
  int due_soon = 0;
  int overdue = 0;           // newly overdue, each escalated one level up
  int whistles_overdue = 0;  // whistles newly past their report deadline
};
// Marks open cases due soon or overdue as of `now`; each case is escalated once,
// with a history row and an audit row. Uses the deadline index.
Result<SweepResult> sweep(Database& db, const DeadlinePolicy& p, Millis now);

}  // namespace gridgov::cases
