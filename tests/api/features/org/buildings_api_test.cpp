// Buildings: placed in a micro-grid, houses generated from floors and units,
// found as the nearest building by point.
#include <cstdio>

#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

class BuildingsApi : public ApiTest {
 protected:
  static std::string body(const std::string& micro, double lng, double lat,
                          const std::string& extra = "") {
    char buf[400];
    std::snprintf(
        buf, sizeof buf,
        R"({"microgrid_id":"%s","name":"新建楼","lng":%.6f,"lat":%.6f,"floors":6,"units":2,"houses_per_floor":2%s})",
        micro.c_str(), lng, lat, extra.c_str());
    return buf;
  }
};

TEST_F(BuildingsApi, DemoBuildingsHaveHouses) {
  HttpClient worker = as("worker");  // 保成社区第1网格
  std::string grid = node_id("420102002003001");
  auto buildings =
      worker.get("/api/v1/nodes/" + grid + "/subtree?level=building&limit=100").items();
  ASSERT_EQ(buildings.size(), 10u);  // 2 micro-grids × 5 buildings
  auto b = worker.get("/api/v1/buildings/" + str(buildings[0], "id")).json();
  EXPECT_EQ(str(b, "level"), "building");
  EXPECT_GE(b.at("floors").as_int64(), 6);
  auto houses = worker.get("/api/v1/buildings/" + str(b, "id") + "/houses?limit=1000").json();
  EXPECT_EQ(houses.at("total").as_int64(), b.at("floors").as_int64() * b.at("units").as_int64() *
                                               b.at("houses_per_floor").as_int64());
  EXPECT_EQ(houses.at("items").as_array().size(),
            static_cast<std::size_t>(houses.at("total").as_int64()));
  EXPECT_EQ(str(houses.at("items").as_array()[0], "label"), "1-101");
}

TEST_F(BuildingsApi, CreateInsideTheMicroGridOnly) {
  HttpClient street = as("street");
  std::string grid = node_id("420102002008002");  // 吉庆社区第2网格
  std::string micro = node_id("42010200200800201");
  auto [lng, lat] = shape_centre(grid, 0);
  auto made = street.post("/api/v1/buildings", body(micro, lng, lat, R"(,"address":"吉庆街1号")"));
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(str(made.json(), "code"), "42010200200800201006");  // after the demo's five
  EXPECT_EQ(made.json().at("houses").as_int64(), 24);
  auto outside = street.post("/api/v1/buildings", body(micro, lng + 0.05, lat));
  EXPECT_EQ(outside.status, 422);
  EXPECT_EQ(str(outside.json().at("error"), "field"), "lng");
  // Found as the nearest building.
  char q[96];
  std::snprintf(q, sizeof q, "/api/v1/geo/locate?lat=%.6f&lng=%.6f", lat, lng + 0.0001);
  auto at = street.get(q).json();
  EXPECT_EQ(str(at.at("building"), "id"), str(made.json(), "id"));
  EXPECT_LT(at.at("building").at("distance_m").to_number<double>(), 20.0);
}

TEST_F(BuildingsApi, ValidationAndScope) {
  HttpClient street = as("street");
  std::string micro = node_id("42010200200800202");
  for (const char* extra : {R"(,"use":"castle")"}) {
    auto r = street.post("/api/v1/buildings", body(micro, 114.28, 30.59, extra));
    EXPECT_EQ(r.status, 422);
    EXPECT_EQ(str(r.json().at("error"), "field"), "use");
  }
  auto floors = street.post(
      "/api/v1/buildings",
      R"({"microgrid_id":")" + micro + R"(","name":"x","lng":114.28,"lat":30.59,"floors":500})");
  EXPECT_EQ(str(floors.json().at("error"), "field"), "floors");
  auto lng =
      street.post("/api/v1/buildings", R"({"microgrid_id":")" + micro +
                                           R"(","name":"x","lng":"east","lat":30.59,"floors":5})");
  EXPECT_EQ(str(lng.json().at("error"), "field"), "lng");
  auto not_micro = street.post("/api/v1/buildings", body(node_id("420102002008"), 114.28, 30.59));
  EXPECT_EQ(str(not_micro.json().at("error"), "field"), "microgrid_id");
  // A grid worker may read but not build; outside their grid a building does not exist for them.
  HttpClient worker = as("worker");
  EXPECT_EQ(
      worker.post("/api/v1/buildings", body(node_id("42010200200300101"), 114.28, 30.59)).status,
      403);
  auto other =
      street.get("/api/v1/nodes/" + node_id("420102002008002") + "/subtree?level=building&limit=1")
          .items();
  ASSERT_FALSE(other.empty());
  EXPECT_EQ(worker.get("/api/v1/buildings/" + str(other[0], "id")).status, 404);
}
