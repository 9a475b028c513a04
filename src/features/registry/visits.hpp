#pragma once
// Key groups and regular contact (连心工程 · 天天敲门组): groups of people who
// need looking in on (elderly living alone daily, …), each with a visit
// interval; visits logged by grid workers, building leaders and volunteers;
// the visits due today and overdue.
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "features/registry/model.hpp"
#include "platform/db/database.hpp"

namespace gridgov::registry {

struct KeyGroup {
  std::string id;  // the tag people carry: "elderly_alone"
  std::string zh, en;
  int visit_days = 7;  // look in at least this often
  bool active = true;
  Millis updated_at = 0;
  Id updated_by = 0;  // 0: as shipped
};

const std::vector<KeyGroup>& default_key_groups();
std::vector<Migration> visit_migrations();
std::vector<KeyGroup> key_groups(soci::session& sql);
void save_key_group(WriteTx& tx, const KeyGroup& g, Id by, Millis now);
boost::json::object key_group_json(const KeyGroup& g);

struct Visit {
  Id id = 0, person_id = 0;
  std::string node_path;
  Id visitor_id = 0;
  std::string visitor_name, seen, needs;
  Id case_id = 0;  // the case a need became, if any
  Millis at = 0;
};
void insert_visit(WriteTx& tx, const Visit& v);
std::vector<Visit> visits_of(soci::session& sql, Id person_id, int limit);

// When someone in groups with these intervals, registered at `since` and last
// visited at `last` (0: never), is next due, as Beijing days from `now`:
// 0 due today, negative overdue by that many days, positive not yet. Pure.
int days_until_due(Millis since, Millis last, int interval_days, Millis now);

struct Due {
  Person person;
  std::vector<std::string> groups;  // the key groups that make them due
  int interval_days = 0;            // the shortest of those
  Millis last_visit = 0;
  int days = 0;  // 0 due today, < 0 overdue by -days
};
// Everyone in a key group at and below `node_path` who is due today or overdue, most overdue first.
std::vector<Due> due_visits(soci::session& sql, const std::string& node_path, Millis now);
// How many of those are overdue (the dashboard's figure).
long long visits_overdue_below(soci::session& sql, const std::string& node_path, long long now);

}  // namespace gridgov::registry
