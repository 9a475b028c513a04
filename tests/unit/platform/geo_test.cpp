#include <gtest/gtest.h>

#include "platform/geo/geo.hpp"

using namespace gridgov;

namespace {
std::string square(double x0, double y0, double x1, double y1) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                R"({"type":"Polygon","coordinates":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]})",
                x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
  return buf;
}
}  // namespace

TEST(Geo, ParsesPolygonAndMeasuresItsArea) {
  auto s = geo::parse(square(114.30, 30.60, 114.31, 30.61));
  ASSERT_TRUE(s.ok()) << s.error().message_en;
  // 0.01° × 0.01° at 30.6°N ≈ 958 m × 1112 m.
  EXPECT_NEAR(geo::area_m2(**s), 958.0 * 1112.0, 958.0 * 1112.0 * 0.01);
  auto c = geo::centroid(**s);
  EXPECT_NEAR(c.lng, 114.305, 1e-9);
  EXPECT_TRUE(geo::contains(**s, {114.305, 30.605}));
  EXPECT_FALSE(geo::contains(**s, {114.315, 30.605}));
  // Round trip through GeoJSON.
  auto again = geo::parse(geo::to_geojson(**s));
  ASSERT_TRUE(again.ok());
  EXPECT_NEAR(geo::area_m2(**again), geo::area_m2(**s), 1e-6);
}

TEST(Geo, AcceptsFeaturesAndEitherWinding) {
  std::string ccw =
      R"({"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}})";
  EXPECT_TRUE(geo::parse(ccw).ok());
  EXPECT_TRUE(
      geo::parse(
          R"({"type":"MultiPolygon","coordinates":[[[[0,0],[0,1],[1,1],[1,0],[0,0]]],[[[2,2],[2,3],[3,3],[3,2],[2,2]]]]})")
          .ok());
}

TEST(Geo, RejectsBadGeometryWithAReason) {
  const char* bad[] = {
      "not json",
      R"({"type":"Point","coordinates":[1,2]})",
      R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]})",        // not closed
      R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})",              // too few points
      R"({"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]})",  // bow tie
      R"({"type":"Polygon","coordinates":[[[0,0],[200,0],[200,1],[0,1],[0,0]]]})",  // out of range
      R"({"type":"Polygon","coordinates":[[["a",0],[1,0],[1,1],[0,1],["a",0]]]})",
      R"({"type":"Polygon","coordinates":[]})",
  };
  for (const char* g : bad) {
    auto r = geo::parse(g);
    EXPECT_FALSE(r.ok()) << g;
    if (!r.ok()) {
      EXPECT_EQ(r.error().field, "geometry");
      EXPECT_FALSE(r.error().message_zh.empty());
    }
  }
}

TEST(Geo, OverlapAndOutsideAreas) {
  auto a = *geo::parse(square(114.30, 30.60, 114.32, 30.62));
  auto b = *geo::parse(square(114.31, 30.60, 114.33, 30.62));  // half of a
  auto c = *geo::parse(square(114.32, 30.60, 114.34, 30.62));  // touches a along an edge
  EXPECT_NEAR(geo::overlap_m2(*a, *b), geo::area_m2(*a) / 2, geo::area_m2(*a) * 0.01);
  EXPECT_NEAR(geo::overlap_m2(*a, *c), 0.0, 1.0);  // shared edge is no overlap
  EXPECT_NEAR(geo::outside_m2(*b, *a), geo::area_m2(*b) / 2, geo::area_m2(*b) * 0.01);
  auto inner = *geo::parse(square(114.301, 30.601, 114.309, 30.609));
  EXPECT_NEAR(geo::outside_m2(*inner, *a), 0.0, 1.0);
}

TEST(GeoIndex, FindsContainingShapesAndKeepsCurrent) {
  geo::Index index;
  index.upsert(1, 5, geo::rectangle(114.30, 30.60, 114.32, 30.62));  // community
  index.upsert(2, 6, geo::rectangle(114.30, 30.60, 114.31, 30.62));  // grid west
  index.upsert(3, 6, geo::rectangle(114.31, 30.60, 114.32, 30.62));  // grid east
  EXPECT_EQ(index.containing({114.305, 30.61}), (std::vector<Id>{1, 2}));
  EXPECT_EQ(index.containing({114.315, 30.61}), (std::vector<Id>{1, 3}));
  EXPECT_TRUE(index.containing({114.40, 30.61}).empty());
  // Move grid 3 away: the next lookup sees it at once.
  index.upsert(3, 6, geo::rectangle(114.40, 30.60, 114.41, 30.62));
  EXPECT_EQ(index.containing({114.315, 30.61}), (std::vector<Id>{1}));
  EXPECT_EQ(index.containing({114.405, 30.61}), (std::vector<Id>{3}));
  index.remove(3);
  EXPECT_TRUE(index.containing({114.405, 30.61}).empty());
  EXPECT_EQ(index.size(), 2u);
}

TEST(GeoIndex, NearestPointWithinADistance) {
  geo::Index index;
  index.upsert_point(10, {114.3000, 30.6000});
  index.upsert_point(11, {114.3010, 30.6000});  // ~96 m east
  EXPECT_EQ(index.nearest_point({114.3008, 30.6000}, 200), 11);
  EXPECT_EQ(index.nearest_point({114.3001, 30.6000}, 200), 10);
  EXPECT_EQ(index.nearest_point({114.4000, 30.6000}, 200), 0);  // nothing that close
  EXPECT_NEAR(geo::distance_m({114.30, 30.60}, {114.301, 30.60}), 95.8, 1.0);
}

TEST(GeoIndex, BulkLoadThenChangesStillApply) {
  geo::Index index;
  index.upsert(99, 6, geo::rectangle(0, 0, 1, 1));  // replaced by the load
  index.load({{1, 5, geo::rectangle(114.30, 30.60, 114.32, 30.62)},
              {2, 6, geo::rectangle(114.30, 30.60, 114.31, 30.62)}});
  EXPECT_EQ(index.size(), 2u);
  EXPECT_TRUE(index.containing({0.5, 0.5}).empty());
  EXPECT_EQ(index.containing({114.305, 30.61}), (std::vector<Id>{1, 2}));
  index.upsert(2, 6, geo::rectangle(114.31, 30.60, 114.32, 30.62));
  EXPECT_EQ(index.containing({114.305, 30.61}), (std::vector<Id>{1}));
  index.remove(1);
  EXPECT_EQ(index.containing({114.315, 30.61}), (std::vector<Id>{2}));
}
