#pragma once
// The measures of the closed loop (三率 and the rest), defined in docs/measures.md,
// for the cases reported in a period at and below a node.
#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"

namespace gridgov::cases {

struct Counts {
  long long received = 0;    // reported in the period (merged duplicates not counted)
  long long dispatched = 0;  // dispatched at least once
  long long signed_on_time = 0;
  long long returned = 0;           // sent back at least once
  long long handled = 0;            // handled (feedback given) at least once
  long long reworked = 0;           // failed verification at least once
  long long contacted_on_time = 0;  // reporter contacted by the first-contact deadline
  long long closed = 0;
  long long closed_on_time = 0;
  long long evaluated = 0;
  long long resolved = 0;
  long long satisfied = 0;
  long long handling_ms = 0;  // over closed cases, report → close
};

struct Rates {
  double first_contact = 0, response = 0, resolution = 0, satisfaction = 0, on_time_closure = 0,
         rework = 0, returns = 0;
  double average_handling_hours = 0;
};

// Which cases a node's measures cover: those located there, or (for a
// department) those dispatched to it.
enum class CaseScope { kPlace, kAssignee };
// Counts for cases under `node_path` reported in [from, to), counted from the cases themselves.
Counts count_cases(soci::session& sql, const std::string& node_path, Millis from, Millis to,
                   CaseScope scope = CaseScope::kPlace);
// The same, one entry per category (`by_category`) or a single entry keyed "".
std::map<std::string, Counts> count_cases_by(soci::session& sql, const std::string& node_path,
                                             Millis from, Millis to, CaseScope scope,
                                             bool by_category);
// Rates from counts: a rate with an empty denominator is 0 (and shown as "—").
Rates rates_of(const Counts& c);
// Counts and rates as the API shows them: rates in percent with one decimal,
// null where the denominator is empty.
boost::json::object measures_json(const Counts& c);

}  // namespace gridgov::cases
