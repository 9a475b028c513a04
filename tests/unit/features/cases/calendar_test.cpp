#include <gtest/gtest.h>

#include <ctime>

#include "features/cases/calendar.hpp"

using namespace gridgov;
using namespace gridgov::cases;

namespace {
// A moment given in Beijing time.
Millis cst(int y, int mo, int d, int h = 10, int mi = 0) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  return static_cast<Millis>(timegm(&tm)) * 1000 - 8LL * 3600 * 1000;
}
}  // namespace

TEST(Calendar, WeekendsHolidaysAndMakeUpDays) {
  Calendar c = Calendar::official();
  EXPECT_TRUE(c.is_workday("2026-11-23"));                       // Monday
  EXPECT_FALSE(c.is_workday("2026-11-22"));                      // Sunday
  EXPECT_FALSE(c.is_workday("2026-10-05"));                      // 国庆 on a Monday
  EXPECT_TRUE(c.is_workday("2026-10-10"));                       // Saturday make-up day (调休)
  EXPECT_TRUE(c.is_workday("2026-02-14"));                       // Saturday before 春节
  EXPECT_FALSE(c.is_workday("2026-02-16"));                      // 春节 on a Monday
  EXPECT_EQ(cst_date(cst(2026, 11, 22, 23, 30)), "2026-11-22");  // Beijing date, not UTC
}

TEST(Calendar, SevenWorkingDaysAcrossTheNationalDayHoliday) {
  Calendar c = Calendar::official();
  // Accepted Tue 29 Sep 10:00. Working days after it: 30 Sep (1); 1–7 Oct off; 8 (2), 9 (3),
  // Sat 10 make-up (4), 12 (5), 13 (6), 14 (7) → Wed 14 Oct 10:00.
  EXPECT_EQ(c.add_working_days(cst(2026, 9, 29), 7), cst(2026, 10, 14));
  // An ordinary week: Mon 23 Nov + 7 → Wed 2 Dec.
  EXPECT_EQ(c.add_working_days(cst(2026, 11, 23, 9, 30), 7), cst(2026, 12, 2, 9, 30));
}

TEST(Calendar, StartOnADayOffCountsFromTheNextWorkingDay) {
  Calendar c = Calendar::official();
  // Reported Sunday 22 Nov 15:00 → counting starts Mon 23 Nov 00:00; 1 working day → Tue 24 Nov
  // 00:00.
  EXPECT_EQ(c.add_working_days(cst(2026, 11, 22, 15), 1), cst(2026, 11, 24, 0));
  // During 春节 (Tue 17 Feb) → from Tue 24 Feb 00:00; 2 working days → Thu 26 Feb 00:00.
  EXPECT_EQ(c.add_working_days(cst(2026, 2, 17, 11), 2), cst(2026, 2, 26, 0));
}

TEST(Calendar, EditableForLaterYears) {
  Calendar c = Calendar::official();
  EXPECT_TRUE(c.is_workday("2027-01-04"));  // Monday: not yet announced
  ASSERT_TRUE(c.add_holiday("2027-01-04").ok());
  EXPECT_FALSE(c.is_workday("2027-01-04"));
  ASSERT_TRUE(c.add_workday("2027-01-02").ok());
  EXPECT_TRUE(c.is_workday("2027-01-02"));  // a Saturday made a workday
  EXPECT_FALSE(c.add_holiday("2027-13-01").ok());
  EXPECT_FALSE(c.add_workday("tomorrow").ok());
}

TEST(Calendar, AYearNotEnteredCountsWeekdaysLessTheFixedDateHolidays) {
  Calendar c = Calendar::official();
  EXPECT_TRUE(c.entered("2026"));
  EXPECT_FALSE(c.entered("2027"));
  EXPECT_FALSE(c.is_workday("2027-01-01"));  // 元旦, a Friday
  EXPECT_TRUE(c.is_workday("2027-02-08"));   // a Monday: 春节's dates come with the notice
  EXPECT_TRUE(c.is_workday("2027-05-03"));   // a Monday after 劳动节
  for (const char* d : {"2027-05-01", "2027-05-02", "2027-10-01", "2027-10-02", "2027-10-03"})
    EXPECT_FALSE(c.is_workday(d)) << d;
  EXPECT_TRUE(c.is_workday("2027-10-04"));  // Monday
  // New Year's Eve 2026, a Thursday, 17:00: one working day on is Mon 4 Jan 2027 17:00
  // (Fri 1 Jan is 元旦 even before the notice, then the weekend).
  EXPECT_EQ(c.add_working_days(cst(2026, 12, 31, 17), 1), cst(2027, 1, 4, 17));
  EXPECT_EQ(c.provisional_years(cst(2026, 12, 31, 17), cst(2027, 1, 4, 17)),
            std::vector<std::string>{"2027"});
  EXPECT_TRUE(c.provisional_years(cst(2026, 3, 1, 0), cst(2026, 12, 31, 23)).empty());
  // Once the year is marked entered, only the days entered count as off.
  ASSERT_TRUE(c.mark_entered("2027").ok());
  EXPECT_TRUE(c.is_workday("2027-01-01"));
  EXPECT_TRUE(c.provisional_years(cst(2026, 12, 31, 17), cst(2027, 1, 4, 17)).empty());
  EXPECT_FALSE(c.mark_entered("27").ok());
  c.unmark_entered("2027");
  EXPECT_FALSE(c.is_workday("2027-01-01"));
}
