#pragma once
// Dispatch rules (派遣规则): which assignee a category goes to, set at any node
// for the places below it — a level of the place's own line (属地: its grid,
// community, street or district) or a department. Without a rule a case goes
// to its grid. The deepest node's rule wins; an exact category beats its group.
#include <boost/json/array.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::cases {

struct DispatchRule {
  Id node_id = 0;
  std::string node_path;
  std::string category;      // "public_facilities.water_supply" or a group "public_facilities"
  std::string target_level;  // grid | community | street | district | department
  Id target_id = 0;          // the department, when target_level is "department"
  Millis updated_at = 0;
  Id updated_by = 0;
};

namespace dispatch_rules {

// Levels a rule may name besides a department.
const std::vector<std::string>& place_levels();

// The rules in force at `node`: its own and those of the nodes above it.
std::vector<DispatchRule> in_force(soci::session& sql, const tree::Node& node);
// The rules as the API shows them, with their nodes' and departments' names.
boost::json::array rules_json(soci::session& s, const std::vector<DispatchRule>& rules);
// The node's own rules replaced by `rules` (validated by the caller).
void replace(WriteTx& tx, const tree::Node& node, const std::vector<DispatchRule>& rules, Id by,
             Millis now);
// Where a case of `category` located at `place` goes: the rule's target, or
// the place's grid (or the place itself above the grid level).
std::optional<tree::Node> target(soci::session& sql, const tree::Node& place,
                                 const std::string& category);

}  // namespace dispatch_rules
}  // namespace gridgov::cases
