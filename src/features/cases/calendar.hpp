#pragma once
// Working days: weekends are off, official holidays are off, make-up
// workdays (调休) are on. Times are reckoned in China Standard Time (UTC+8).
//
// A year counts by its official schedule once it is entered (shipped, or marked
// entered by an administrator after the State Council's notice). Until then the
// year is provisional: Monday–Friday minus the fixed-date statutory holidays
// (元旦 1 Jan, 劳动节 1–2 May, 国庆节 1–3 Oct — the lunar and solar-term ones
// move and are only known from the notice), plus any day already entered.
#include <set>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/error.hpp"

namespace gridgov::cases {

class Calendar {
 public:
  // The shipped calendar: 2026 as announced by the State Council General
  // Office (国务院办公厅关于2026年部分节假日安排的通知). Later years are
  // entered with add_holiday / add_workday when they are announced, then
  // marked entered with mark_entered.
  static Calendar official();

  // Years are "YYYY". Outcomes: ok; kInvalid for a malformed year.
  Status mark_entered(const std::string& year);
  void unmark_entered(const std::string& year);
  // Whether the year's official schedule is in (shipped or entered).
  bool entered(const std::string& year) const;
  // The years between two moments (inclusive, CST) whose schedule is not in.
  std::vector<std::string> provisional_years(Millis from, Millis to) const;

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
  std::set<std::string> holidays_, workdays_, entered_years_;
};

bool valid_date(const std::string& date);
bool valid_year(const std::string& year);
// 元旦, 劳动节 and 国庆节 fall on these dates every year ("MM-DD").
bool fixed_date_holiday(const std::string& date);

}  // namespace gridgov::cases
