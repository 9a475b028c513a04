// Times exchanged with other systems (Open311, webhooks): ISO 8601 with zone.
#include <gtest/gtest.h>

#include "platform/core/clock.hpp"

using namespace gridgov;

TEST(Iso8601, WritesChinaStandardTimeWithItsZone) {
  // 1994-11-05T13:15:30Z is 21:15:30 in Beijing.
  EXPECT_EQ(iso8601_cst(784041330000LL), "1994-11-05T21:15:30+08:00");
}

TEST(Iso8601, ReadsTheSameInstantInEveryZone) {
  const Millis t = 784041330000LL;
  EXPECT_EQ(parse_iso8601("1994-11-05T13:15:30Z"), t);
  EXPECT_EQ(parse_iso8601("1994-11-05T08:15:30-05:00"), t);
  EXPECT_EQ(parse_iso8601("1994-11-05T21:15:30+08:00"), t);
  EXPECT_EQ(parse_iso8601("1994-11-05T13:15:30.250Z"), t + 250);
  EXPECT_EQ(parse_iso8601("1994-11-05T13:15Z"), t - 30000);
  EXPECT_EQ(parse_iso8601(iso8601_cst(t)), t);
}

TEST(Iso8601, ABareDateIsItsMidnightInBeijing) {
  EXPECT_EQ(parse_iso8601("1994-11-05"), parse_iso8601("1994-11-05T00:00:00+08:00"));
}

TEST(Iso8601, RefusesWhatIsNotADate) {
  for (const char* bad :
       {"", "1994", "1994-11-05T13:15:30", "1994-13-05", "1994-02-30", "1994-11-05 13:15:30Z",
        "1994-11-05T13:15:30+8", "yesterday", "1994-11-05T25:00:00Z", "1994-11-05T13:15:30Zjunk"})
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
}
