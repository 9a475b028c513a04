#pragma once
// Working days: weekends are off, official holidays are off, make-up
// workdays (调休) are on. Times are reckoned in China Standard Time (UTC+8).
#include <set>
#include <string>

#include "platform/core/clock.hpp"
#include "platform/core/error.hpp"

namespace gridgov::cases {

class Calendar {
 public:
  // The shipped calendar: 2026 as announced by the State Council General
  // Office (国务院办公厅关于2026年部分节假日安排的通知). Later years are
  // entered with add_holiday / add_workday when they are announced.
  static Calendar official();

  // Dates are "YYYY-MM-DD". Outcomes: ok; kInvalid for a malformed date.
  Status add_holiday(const std::string& date);
  Status add_workday(const std::string& date);
  // Back to the ordinary rule for that date (weekday on, weekend off).
  void clear(const std::string& date);
  bool is_workday(const std::string& date) const;
  // "holiday", "workday" (a make-up day) or "" for an ordinary day.
  std::string override_of(const std::string& date) const;

  // `days` working days after `start`: the same time of day on the
  // `days`-th working day after the start's day (a start on a day off counts
  // from the next working day, at its beginning).
  Millis add_working_days(Millis start, int days) const;

 private:
  std::set<std::string> holidays_, workdays_;
};

bool valid_date(const std::string& date);

}  // namespace gridgov::cases
