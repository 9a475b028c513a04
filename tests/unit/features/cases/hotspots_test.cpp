#include <gtest/gtest.h>

#include "features/cases/hotspots.hpp"

using namespace gridgov;
using namespace gridgov::cases;

namespace {
constexpr Millis kNow = 1800000000000;
constexpr Millis kWeek = 7LL * 24 * 3600 * 1000;
PlacedReport at_building(Id b, const char* category, int weeks_ago, int hour = 1) {
  return {b, 0, category, kNow - weeks_ago * kWeek - kWeek + hour * 3600 * 1000LL};
}
}  // namespace

TEST(Hotspots, RecurringAndRisingPlaces) {
  std::vector<PlacedReport> r = {
      // Building 7, parking: once a week for four weeks → recurring.
      at_building(7, "street_order.illegal_parking", 3),
      at_building(7, "street_order.illegal_parking", 2),
      at_building(7, "street_order.illegal_parking", 1),
      at_building(7, "street_order.illegal_parking", 0),
      // Building 9, garbage: nothing, then four last week → rising.
      at_building(9, "city_appearance.exposed_garbage", 0, 1),
      at_building(9, "city_appearance.exposed_garbage", 0, 2),
      at_building(9, "city_appearance.exposed_garbage", 0, 3),
      at_building(9, "city_appearance.exposed_garbage", 0, 4),
      // Building 7, another category once: nothing.
      at_building(7, "greening.street_tree", 0),
      // A cell reported once: neither recurring nor rising.
      {0, 123456, "public_facilities.street_light", kNow - 2 * 24 * 3600 * 1000LL},
      // Too old to count.
      at_building(5, "street_order.illegal_parking", 6),
      at_building(5, "street_order.illegal_parking", 7),
      at_building(5, "street_order.illegal_parking", 8),
  };
  auto h = find_hotspots(r, kNow);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].building_id, 9);  // rising comes first
  EXPECT_TRUE(h[0].rising);
  EXPECT_EQ(h[0].weekly, (std::vector<int>{0, 0, 0, 4}));
  EXPECT_EQ(h[0].expected_next_week, 4);
  EXPECT_EQ(h[1].building_id, 7);
  EXPECT_TRUE(h[1].recurring);
  EXPECT_FALSE(h[1].rising);
  EXPECT_EQ(h[1].weekly, (std::vector<int>{1, 1, 1, 1}));
  EXPECT_EQ(h[1].expected_next_week, 1);
}

TEST(Hotspots, NothingFromNothing) {
  EXPECT_TRUE(find_hotspots({}, kNow).empty());
  EXPECT_TRUE(find_hotspots({{0, 0, "x", kNow - 1000}}, kNow).empty());  // no place at all
}
