#pragma once
// Rental housing grading (强基工程 · 房屋管家): each rented house is graded
// green / yellow / orange / red from what is known about it — tenants per
// room, tenants not registered there, fire hazards found on patrol and still
// open, complaints about its building — and each grade sets how often it is
// patrolled (3 weeks, 2 weeks, 1 week, at once). The grade is recomputed when
// any input changes, and every change of grade is kept.
#include <optional>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"

namespace gridgov {
class Config;
}

namespace gridgov::registry {

struct RentalInputs {
  int rooms = 1;
  int tenants = 0;
  int unregistered = 0;       // living there, registered elsewhere (人在户不在)
  int open_hazards = 0;       // fire hazards found on the last patrol, not yet fixed
  int recent_complaints = 0;  // cases about the building in the last 90 days
};

struct RentalRules {
  double tenants_per_room_yellow = 2, tenants_per_room_orange = 3, tenants_per_room_red = 4;
  int unregistered_yellow = 1, unregistered_orange = 3;
  int complaints_yellow = 1, complaints_orange = 3;
  int patrol_days[4] = {21, 14, 7, 0};  // green, yellow, orange, red (0: at once)
};
RentalRules rental_rules(const Config& config);

struct Grade {
  std::string color;                 // green | yellow | orange | red
  int level = 0;                     // 0..3
  std::vector<std::string> reasons;  // in Chinese, for the grid worker
};
// Pure: the worst grade any rule gives, with every reason.
Grade grade_of(const RentalInputs& in, const RentalRules& rules);

std::vector<Migration> rental_migrations();

// Reads the inputs of a house (its use must be rented), grades it, and writes
// the grade and a history row when it changed. Returns the grade.
Grade regrade(WriteTx& tx, Id house_id, const RentalRules& rules, Millis now);

struct Patrol {
  Id id = 0, house_id = 0;
  std::string node_path, patroller, note;
  int hazards = 0;
  Millis at = 0;
};
void insert_patrol(WriteTx& tx, const Patrol& p);

struct RentalHouse {
  Id house_id = 0, building_id = 0;
  std::string node_path, color, reasons;
  int level = 0;
  Millis graded_at = 0, last_patrol = 0;
  int days_until_due = 0;  // 0 today, < 0 overdue
};
// Rented houses at and below `node_path` whose patrol is due, most urgent first.
std::vector<RentalHouse> patrols_due(soci::session& sql, const std::string& node_path,
                                     const RentalRules& rules, Millis now);
struct GradeChange {
  Id id = 0, house_id = 0;
  std::string color, reasons;
  Millis at = 0;
};
std::vector<GradeChange> grade_history(soci::session& sql, Id house_id);
// The house's grade now (its color and reasons; `at` is unset), none if it is not rented.
std::optional<GradeChange> current_grade(soci::session& sql, Id house_id);
// Rented houses graded red (群租 and worse) at and below a node path (the dashboard's figure).
long long red_rentals_below(soci::session& sql, const std::string& node_path, long long now);

}  // namespace gridgov::registry
