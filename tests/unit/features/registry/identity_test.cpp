#include <gtest/gtest.h>

#include "features/registry/identity.hpp"

using namespace gridgov;
using namespace gridgov::registry;

namespace {
// A number with the right check character for these 17 digits.
std::string valid(const std::string& first17) {
  return first17 + identity_check_char(first17);
}
}  // namespace

TEST(Identity, CheckCharacterFollowsGb11643) {
  // The standard's own example: 11010519491231002X.
  EXPECT_EQ(identity_check_char("11010519491231002"), 'X');
  EXPECT_EQ(identity_check_char("44052418800101001"), '4');
}

TEST(Identity, ParsesRegionBirthDateAndSex) {
  auto id = parse_identity("11010519491231002x", "2026-11-22");
  ASSERT_TRUE(id.ok()) << id.error().message_en;
  EXPECT_EQ(id->number, "11010519491231002X");
  EXPECT_EQ(id->region, "110105");
  EXPECT_EQ(id->birth_date, "1949-12-31");
  EXPECT_EQ(id->sex, 'F');  // 17th digit 2: even
  auto man = parse_identity(valid("42010219900307123"), "2026-11-22");
  ASSERT_TRUE(man.ok());
  EXPECT_EQ(man->sex, 'M');
}

TEST(Identity, RefusesWhatCannotBe) {
  const char* today = "2026-11-22";
  EXPECT_FALSE(parse_identity("11010519491231002", today).ok());         // 17 characters
  EXPECT_FALSE(parse_identity("110105194912310021", today).ok());        // wrong check character
  EXPECT_FALSE(parse_identity("1101051949123A002X", today).ok());        // a letter inside
  EXPECT_FALSE(parse_identity(valid("42010219900230123"), today).ok());  // 30 February
  EXPECT_FALSE(parse_identity(valid("42010219010229123"), today).ok());  // 1901 is not leap
  EXPECT_TRUE(parse_identity(valid("42010220000229123"), today).ok());   // 2000 is
  EXPECT_FALSE(parse_identity(valid("42010220270101123"), today).ok());  // born next year
  EXPECT_FALSE(parse_identity(valid("42010218991231123"), today).ok());  // before 1900
  auto e = parse_identity("110105194912310021", today);
  EXPECT_EQ(e.error().field, "identity_number");
  EXPECT_NE(e.error().message_zh.find("校验码"), std::string::npos);
}

TEST(Phones, MobilesAndLandlines) {
  EXPECT_EQ(*normalize_phone("13812345678"), "13812345678");
  EXPECT_EQ(*normalize_phone("027-85551234"), "02785551234");
  EXPECT_EQ(*normalize_phone("0755-12345678"), "075512345678");
  EXPECT_FALSE(normalize_phone("12812345678").ok());    // no such mobile prefix
  EXPECT_FALSE(normalize_phone("1381234567").ok());     // 10 digits
  EXPECT_FALSE(normalize_phone("138-1234-5678").ok());  // hyphens inside a mobile
  EXPECT_FALSE(normalize_phone("8555123").ok());        // a landline without its area code
  EXPECT_FALSE(normalize_phone("1381234567a").ok());
}

#include "features/registry/visits.hpp"

TEST(Visits, DueByBeijingCalendarDays) {
  constexpr Millis kHour = 3600 * 1000;
  // 2026-11-22 23:30 Beijing (15:30 UTC) and 2026-11-23 00:30 Beijing: one hour, two days.
  Millis late_evening = 1795361400000, after_midnight = late_evening + kHour;
  // Daily: visited late on the 22nd → due on the 23rd, even an hour later.
  EXPECT_EQ(days_until_due(0, late_evening, 1, late_evening), 1);
  EXPECT_EQ(days_until_due(0, late_evening, 1, after_midnight), 0);
  EXPECT_EQ(days_until_due(0, late_evening, 1, after_midnight + 48 * kHour), -2);  // overdue 2
  // Weekly: not due for six more days.
  EXPECT_EQ(days_until_due(0, late_evening, 7, after_midnight), 6);
  // Never visited: due from the day they were registered.
  EXPECT_EQ(days_until_due(late_evening, 0, 7, late_evening), 0);
  EXPECT_EQ(days_until_due(late_evening, 0, 7, after_midnight), -1);
}

#include "features/registry/rental.hpp"

TEST(Rental, GradeIsTheWorstRuleWithEveryReason) {
  RentalRules rules;
  EXPECT_EQ(grade_of({.rooms = 2, .tenants = 2}, rules).color, "green");
  EXPECT_EQ(grade_of({.rooms = 2, .tenants = 4}, rules).color, "yellow");  // 2 a room
  EXPECT_EQ(grade_of({.rooms = 1, .tenants = 3}, rules).color, "orange");
  EXPECT_EQ(grade_of({.rooms = 1, .tenants = 4}, rules).color, "red");  // 群租
  EXPECT_EQ(grade_of({.rooms = 3, .tenants = 1, .open_hazards = 1}, rules).color, "orange");
  EXPECT_EQ(grade_of({.rooms = 3, .tenants = 1, .open_hazards = 2}, rules).color, "red");
  Grade g = grade_of({.rooms = 2, .tenants = 4, .unregistered = 3, .recent_complaints = 1}, rules);
  EXPECT_EQ(g.color, "orange");  // unregistered ×3 outweighs density and complaints
  EXPECT_EQ(g.reasons.size(), 3u);
  EXPECT_EQ(grade_of({.rooms = 0, .tenants = 4}, rules).color, "red");  // no rooms counts as one
}

TEST(BirthDate, ReadsTheWaysPeopleAndExcelWriteIt) {
  EXPECT_EQ(*registry::parse_birth_date("1990-03-07", "2026-11-22"), "1990-03-07");
  EXPECT_EQ(*registry::parse_birth_date("1990/3/7", "2026-11-22"), "1990-03-07");
  EXPECT_EQ(*registry::parse_birth_date("19900307", "2026-11-22"), "1990-03-07");
  EXPECT_EQ(*registry::parse_birth_date("32939", "2026-11-22"), "1990-03-07");  // Excel's day
  EXPECT_EQ(*registry::parse_birth_date("2000-02-29", "2026-11-22"), "2000-02-29");
  for (const char* bad : {"1990-02-30", "1899-12-31", "2026-11-23", "1990-13-01", "1990年3月7日",
                          "", "1990--07", "60"}) {
    auto r = registry::parse_birth_date(bad, "2026-11-22");
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().field, "birth_date");
    }
  }
}

TEST(Identity, SaysWhenExcelTurnedTheNumberIntoANumber) {
  auto r = registry::parse_identity("4.20101E+17", "2026-11-22");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message_zh.find("文本格式"), std::string::npos);
}
