// Grids and micro-grids: codes, shapes and their validation, retiring, point → grid.
#include <cstdio>

#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {
std::string rect(double x0, double y0, double x1, double y1) {
  char buf[300];
  std::snprintf(
      buf, sizeof buf,
      R"({"type":"Polygon","coordinates":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]})",
      x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
  return buf;
}
std::string grid_body(const std::string& parent, const std::string& name,
                      const std::string& geometry, const std::string& extra = "") {
  return R"({"parent_id":")" + parent + R"(","name":")" + name + R"(")" +
         (geometry.empty() ? "" : R"(,"geometry":)" + geometry) + extra + "}";
}
std::string error_field(const HttpResponse& r) {
  return str(r.json().at("error"), "field");
}
std::string error_message(const HttpResponse& r) {
  return str(r.json().at("error"), "message");
}
}  // namespace

class GridsApi : public ApiTest {};

TEST_F(GridsApi, CodesExtendTheParentAndAreNeverReused) {
  HttpClient street = as("street");                // 大智街道: may edit its communities
  std::string xianfeng = node_id("420102002005");  // 先锋社区 (the demo gave it grids 001–003)
  auto g3 = street.post("/api/v1/grids", grid_body(xianfeng, "第4网格", ""));
  ASSERT_EQ(g3.status, 201) << g3.body;
  EXPECT_EQ(str(g3.json(), "code"), "420102002005004");
  EXPECT_EQ(str(g3.json(), "level"), "grid");
  EXPECT_EQ(str(g3.json(), "grid_type"), "comprehensive");
  auto micro = street.post("/api/v1/grids", grid_body(str(g3.json(), "id"), "第1微网格", ""));
  ASSERT_EQ(micro.status, 201) << micro.body;
  EXPECT_EQ(str(micro.json(), "code"), "42010200200500401");
  EXPECT_EQ(str(micro.json(), "level"), "microgrid");
  // Retire the micro-grid; the next one takes a new number.
  EXPECT_EQ(
      street.post("/api/v1/nodes/" + str(micro.json(), "id") + "/retire", R"({"reason":"合并"})")
          .status,
      200);
  auto micro2 = street.post("/api/v1/grids", grid_body(str(g3.json(), "id"), "新微网格", ""));
  EXPECT_EQ(str(micro2.json(), "code"), "42010200200500402");
  // Not under a street.
  auto wrong = street.post("/api/v1/grids", grid_body(node_id("420102002000"), "x", ""));
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(error_field(wrong), "parent_id");
}

TEST_F(GridsApi, DedicatedGridsNeedAKind) {
  HttpClient street = as("street");
  std::string jiqing = node_id("420102002008");
  auto school = street.post("/api/v1/grids",
                            grid_body(jiqing, "实验小学专属网格", "",
                                      R"(,"grid_type":"dedicated","dedicated_kind":"school")"));
  ASSERT_EQ(school.status, 201) << school.body;
  EXPECT_EQ(str(school.json(), "dedicated_kind_zh"), "学校");
  auto no_kind =
      street.post("/api/v1/grids", grid_body(jiqing, "x", "", R"(,"grid_type":"dedicated")"));
  EXPECT_EQ(no_kind.status, 422);
  EXPECT_EQ(error_field(no_kind), "dedicated_kind");
  auto bad_type =
      street.post("/api/v1/grids", grid_body(jiqing, "x", "", R"(,"grid_type":"special")"));
  EXPECT_EQ(error_field(bad_type), "grid_type");
  // Retype with the optimistic version; a stale version is refused.
  std::string id = str(school.json(), "id");
  auto v = school.json().at("version").as_int64();
  auto retyped =
      street.request("PATCH", "/api/v1/grids/" + id,
                     R"({"version":)" + std::to_string(v) + R"(,"grid_type":"comprehensive"})");
  EXPECT_EQ(retyped.status, 200) << retyped.body;
  EXPECT_EQ(str(retyped.json(), "grid_type"), "comprehensive");
  auto stale = street.request("PATCH", "/api/v1/grids/" + id,
                              R"({"version":)" + std::to_string(v) + R"(,"name":"旧"})");
  EXPECT_EQ(stale.status, 409);
}

TEST_F(GridsApi, ShapesAreValidatedAgainstParentAndSiblings) {
  HttpClient street = as("admin");                // outside the demo's sample street: no shapes yet
  std::string mingxin = node_id("420102003001");  // 岳飞社区
  // The community's own outline first.
  auto community_shape =
      street.request("PUT", "/api/v1/nodes/" + mingxin + "/shape",
                     R"({"geometry":)" + rect(114.280, 30.590, 114.290, 30.600) + "}");
  ASSERT_EQ(community_shape.status, 200) << community_shape.body;
  EXPECT_GT(community_shape.json().at("area_m2").as_double(), 900000.0);

  auto west = street.post("/api/v1/grids",
                          grid_body(mingxin, "西网格", rect(114.280, 30.590, 114.285, 30.600)));
  ASSERT_EQ(west.status, 201) << west.body;
  auto overlapping = street.post(
      "/api/v1/grids", grid_body(mingxin, "重叠网格", rect(114.284, 30.590, 114.290, 30.600)));
  EXPECT_EQ(overlapping.status, 422);
  EXPECT_EQ(error_field(overlapping), "geometry");
  EXPECT_NE(error_message(overlapping).find("西网格"), std::string::npos)
      << error_message(overlapping);
  EXPECT_NE(error_message(overlapping).find("平方米"), std::string::npos);
  auto outside = street.post(
      "/api/v1/grids", grid_body(mingxin, "越界网格", rect(114.285, 30.590, 114.300, 30.600)));
  EXPECT_EQ(outside.status, 422);
  EXPECT_NE(error_message(outside).find("超出上级"), std::string::npos) << error_message(outside);
  auto east = street.post("/api/v1/grids",
                          grid_body(mingxin, "东网格", rect(114.285, 30.590, 114.290, 30.600)));
  EXPECT_EQ(east.status, 201) << east.body;  // touching along an edge is fine

  // Shrinking the community so a grid would stick out is refused.
  auto shrink = street.request("PUT", "/api/v1/nodes/" + mingxin + "/shape",
                               R"({"geometry":)" + rect(114.280, 30.590, 114.287, 30.600) + "}");
  EXPECT_EQ(shrink.status, 422);
  EXPECT_NE(error_message(shrink).find("东网格"), std::string::npos);

  auto shapes = street.get("/api/v1/nodes/" + mingxin + "/shapes");
  ASSERT_EQ(shapes.status, 200);
  EXPECT_EQ(str(shapes.json(), "type"), "FeatureCollection");
  EXPECT_GE(shapes.json().at("features").as_array().size(), 2u);
}

TEST_F(GridsApi, BadGeometriesAreRefusedWithAReason) {
  HttpClient street = as("street");
  std::string jiqing = node_id("420102002008");
  const char* bad[] = {
      R"({"type":"Polygon","coordinates":[[[114.28,30.59],[114.29,30.59],[114.29,30.60],[114.28,30.60]]]})",
      R"({"type":"Polygon","coordinates":[[[114.28,30.59],[114.29,30.60],[114.29,30.59],[114.28,30.60],[114.28,30.59]]]})",
      R"({"type":"Point","coordinates":[114.28,30.59]})",
      R"({"type":"Polygon","coordinates":[[[514.28,30.59],[514.29,30.59],[514.29,30.60],[514.28,30.59]]]})",
      R"("not geojson")",
  };
  for (const char* g : bad) {
    auto r = street.post("/api/v1/grids", grid_body(jiqing, "坏图形", g));
    EXPECT_EQ(r.status, 422) << g;
    EXPECT_EQ(error_field(r), "geometry") << g;
  }
}

TEST_F(GridsApi, RetireRefusesToOrphanRecords) {
  HttpClient admin = as("admin");
  auto code_of = [](const HttpResponse& r) { return str(r.json().at("error"), "code"); };
  // A grid with micro-grids, a micro-grid with buildings: both refused.
  auto grid =
      admin.post("/api/v1/nodes/" + node_id("420102002009001") + "/retire", R"({"reason":"测试"})");
  EXPECT_EQ(grid.status, 409);
  EXPECT_EQ(code_of(grid), "has_children");
  std::string micro = node_id("42010200200900101");
  EXPECT_EQ(code_of(admin.post("/api/v1/nodes/" + micro + "/retire", R"({"reason":"测试"})")),
            "has_children");
  // A demolished building can go; it stays readable, marked retired.
  auto buildings = admin.get("/api/v1/nodes/" + micro + "/subtree?level=building&limit=1").items();
  ASSERT_EQ(buildings.size(), 1u);
  std::string building = str(buildings[0], "id");
  EXPECT_EQ(admin.post("/api/v1/nodes/" + building + "/retire", R"({"reason":"拆除"})").status,
            200);
  EXPECT_EQ(str(admin.get("/api/v1/nodes/" + building).json(), "status"), "retired");
  EXPECT_EQ(admin.post("/api/v1/nodes/" + building + "/retire", R"({"reason":"again"})").status,
            409);
  // A post held at a node keeps it.
  auto empty_micro = admin.post("/api/v1/grids", R"({"parent_id":")" + node_id("420102002009002") +
                                                     R"(","name":"有岗位的微网格"})");
  ASSERT_EQ(empty_micro.status, 201) << empty_micro.body;
  std::string m = str(empty_micro.json(), "id");
  auto account = admin.post(
      "/api/v1/accounts",
      R"({"username":"post.holder","display_name":"岗位","password":"Post#Holder11","role":"building_leader","node_id":")" +
          m + "\"}");
  ASSERT_EQ(account.status, 201) << account.body;
  auto held = admin.post("/api/v1/nodes/" + m + "/retire", R"({"reason":"测试"})");
  EXPECT_EQ(held.status, 409);
  EXPECT_EQ(code_of(held), "has_posts");
  std::string grant = str(account.json().at("grants").as_array()[0], "id");
  EXPECT_EQ(
      admin.request("DELETE", "/api/v1/accounts/" + str(account.json(), "id") + "/grants/" + grant)
          .status,
      204);
  EXPECT_EQ(admin.post("/api/v1/nodes/" + m + "/retire", R"({"reason":"测试"})").status, 200);
  // Divisions are not retired here.
  EXPECT_EQ(admin.post("/api/v1/nodes/" + node_id("420102002003") + "/retire", R"({"reason":"x"})")
                .status,
            422);
}

TEST_F(GridsApi, LocateFollowsShapeChangesWithoutRestart) {
  HttpClient street = as("admin");
  std::string taining = node_id("420102003002");  // 同兴社区, outside the demo's sample street
  ASSERT_EQ(street
                .request("PUT", "/api/v1/nodes/" + taining + "/shape",
                         R"({"geometry":)" + rect(114.300, 30.590, 114.310, 30.600) + "}")
                .status,
            200);
  auto grid = street.post("/api/v1/grids",
                          grid_body(taining, "定位网格", rect(114.300, 30.590, 114.305, 30.600)));
  ASSERT_EQ(grid.status, 201) << grid.body;
  auto micro = street.post("/api/v1/grids", grid_body(str(grid.json(), "id"), "定位微网格",
                                                      rect(114.300, 30.590, 114.305, 30.595)));
  ASSERT_EQ(micro.status, 201) << micro.body;

  auto at = street.get("/api/v1/geo/locate?lat=30.592&lng=114.302");
  ASSERT_EQ(at.status, 200);
  EXPECT_EQ(str(at.json().at("community"), "name"), "同兴社区");
  EXPECT_EQ(str(at.json().at("grid"), "name"), "定位网格");
  EXPECT_EQ(str(at.json().at("microgrid"), "name"), "定位微网格");
  auto east = street.get("/api/v1/geo/locate?lat=30.592&lng=114.307");
  EXPECT_EQ(str(east.json().at("community"), "name"), "同兴社区");
  EXPECT_FALSE(east.json().as_object().contains("grid"));

  // Move the micro-grid north: the next lookup sees it.
  ASSERT_EQ(street
                .request("PUT", "/api/v1/nodes/" + str(micro.json(), "id") + "/shape",
                         R"({"geometry":)" + rect(114.300, 30.595, 114.305, 30.600) + "}")
                .status,
            200);
  auto moved = street.get("/api/v1/geo/locate?lat=30.592&lng=114.302");
  EXPECT_FALSE(moved.json().as_object().contains("microgrid"));
  EXPECT_EQ(
      str(street.get("/api/v1/geo/locate?lat=30.597&lng=114.302").json().at("microgrid"), "name"),
      "定位微网格");

  // A grid worker elsewhere sees nothing of 同兴社区.
  auto other = as("worker").get("/api/v1/geo/locate?lat=30.592&lng=114.302");
  EXPECT_TRUE(other.json().at("nodes").as_array().empty());
  EXPECT_EQ(street.get("/api/v1/geo/locate?lat=91&lng=114.3").status, 422);
  EXPECT_EQ(street.get("/api/v1/geo/locate?lat=30.5&lng=abc").status, 422);
}

TEST_F(GridsApi, CommunityCannotEditNeighbouringGrids) {
  HttpClient community = as("community");                   // 保成社区 secretary
  std::string neighbour_grid = node_id("420102002004001");  // 泰宁社区第1网格
  auto shape = community.request("PUT", "/api/v1/nodes/" + neighbour_grid + "/shape",
                                 R"({"geometry":)" + rect(114.300, 30.590, 114.301, 30.591) + "}");
  EXPECT_EQ(shape.status, 404);
  auto create = community.post("/api/v1/grids", grid_body(node_id("420102002004"), "越权", ""));
  EXPECT_EQ(create.status, 422);
  auto own =
      community.post("/api/v1/grids", grid_body(node_id("420102002003"), "本社区第3网格", ""));
  EXPECT_EQ(own.status, 201) << own.body;
}

TEST_F(GridsApi, DemoLayoutTilesTheSampleStreet) {
  HttpClient street = as("street");
  std::string baocheng = node_id("420102002003");
  auto shapes = street.get("/api/v1/nodes/" + baocheng + "/shapes").json();
  auto features = shapes.at("features").as_array();
  ASSERT_GE(features.size(), 2u);
  // The centre of the second grid locates to that grid, its community and a micro-grid
  // (the first grid's micro-grids are retired by another test).
  const auto& ring =
      features[1].at("geometry").at("coordinates").as_array()[0].as_array()[0].as_array();
  double lng = 0, lat = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    lng += ring[i].as_array()[0].to_number<double>() / (ring.size() - 1);
    lat += ring[i].as_array()[1].to_number<double>() / (ring.size() - 1);
  }
  char q[96];
  std::snprintf(q, sizeof q, "/api/v1/geo/locate?lat=%.6f&lng=%.6f", lat, lng);
  auto at = street.get(q).json();
  EXPECT_EQ(str(at.at("community"), "name"), "保成社区");
  EXPECT_EQ(str(at.at("grid"), "id"), str(features[1].at("properties"), "id"));
  EXPECT_TRUE(at.as_object().contains("microgrid"));
  // Grids of one community never overlap: the API refuses a new one across them.
  auto across = street.post(
      "/api/v1/grids",
      grid_body(baocheng, "跨网格",
                R"({"type":"Polygon","coordinates":[[[)" + std::to_string(lng - 0.0001) + "," +
                    std::to_string(lat - 0.0001) + "],[" + std::to_string(lng + 0.0001) + "," +
                    std::to_string(lat - 0.0001) + "],[" + std::to_string(lng + 0.0001) + "," +
                    std::to_string(lat + 0.0001) + "],[" + std::to_string(lng - 0.0001) + "," +
                    std::to_string(lat - 0.0001) + "]]]}"));
  EXPECT_EQ(across.status, 422);
}

TEST_F(GridsApi, HealthCheckListsViolationsWithProposals) {
  HttpClient street = as("street");
  std::string dazhi = node_id("420102002000");
  auto r = street.get("/api/v1/nodes/" + dazhi + "/health");
  ASSERT_EQ(r.status, 200) << r.body;
  auto summary = r.json().at("summary");
  EXPECT_EQ(summary.at("communities").as_int64(), 5);
  EXPECT_GE(summary.at("grids").as_int64(), 15);
  EXPECT_GT(summary.at("households").as_int64(), 5000);
  bool split = false;
  for (const auto& v : r.items()) {
    EXPECT_FALSE(str(v, "message").empty());
    EXPECT_FALSE(str(v.at("proposal"), "text").empty());
    if (str(v, "kind") == "grid_size" && v.at("measured").as_int64() > 500) {
      split = true;
      EXPECT_EQ(str(v.at("proposal"), "action"), "split");
      EXPECT_GE(v.at("proposal").at("count").as_int64(), 2);
      EXPECT_NE(str(v.at("node"), "name").find("网格"), std::string::npos);
    }
  }
  EXPECT_TRUE(split) << "the demo has grids above 500 households";
  // The demo posts a full-time worker on each of its micro-grids ("第N网格第M微网格"):
  // only micro-grids the tests added can lack one.
  for (const auto& v : r.items()) {
    if (str(v, "kind") == "microgrid_staff") {
      EXPECT_EQ(str(v.at("node"), "name").find("网格第"), std::string::npos)
          << str(v.at("node"), "name");
    }
  }
  // A name that looks like a spreadsheet formula is neutralised in the CSV.
  ASSERT_EQ(street
                .post("/api/v1/grids", R"({"parent_id":")" + node_id("420102002008") +
                                           R"x(","name":"=HYPERLINK(1)"})x")
                .status,
            201);
  auto csv = street.get("/api/v1/nodes/" + dazhi + "/health?format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("\"'=HYPERLINK(1)\""), std::string::npos);
  EXPECT_EQ(csv.body.find("\"=HYPERLINK"), std::string::npos);
  EXPECT_NE(csv.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF类型,严重程度", 0), 0u);
  EXPECT_EQ(as("worker").get("/api/v1/nodes/" + dazhi + "/health").status, 404);
  street.set_language("en");
  auto en = street.get("/api/v1/nodes/" + dazhi + "/health");
  ASSERT_FALSE(en.items().empty());
  EXPECT_EQ(str(en.items()[0], "message").find("「"), std::string::npos);
}

TEST_F(GridsApi, MovesCarryTheSubtreeAndNeverOrphan) {
  HttpClient admin = as("admin");
  // 三阳社区 and 天津社区 (一元街道) have no demo grids: build a small grid there.
  std::string sanyang = node_id("420102003004"), tianjin = node_id("420102003007");
  auto grid = admin.post("/api/v1/grids", grid_body(sanyang, "搬迁网格", ""));
  ASSERT_EQ(grid.status, 201) << grid.body;
  std::string gid = str(grid.json(), "id"), code = str(grid.json(), "code");
  auto micro = admin.post("/api/v1/grids", grid_body(gid, "搬迁微网格", ""));
  ASSERT_EQ(micro.status, 201);
  std::string mid = str(micro.json(), "id");
  auto holder = admin.post(
      "/api/v1/accounts",
      R"({"username":"mover","display_name":"随迁网格员","password":"Relocate#Pass11","role":"grid_worker","node_id":")" +
          gid + "\"}");
  ASSERT_EQ(holder.status, 201) << holder.body;

  // Below itself, under a different level, or with a stale version: refused, nothing moves.
  auto cycle =
      admin.post("/api/v1/nodes/" + gid + "/move", R"({"parent_id":")" + mid + R"(","version":1})");
  EXPECT_EQ(cycle.status, 422);
  auto level = admin.post("/api/v1/nodes/" + gid + "/move",
                          R"({"parent_id":")" + node_id("420102003000") + R"(","version":1})");
  EXPECT_EQ(level.status, 422);
  EXPECT_EQ(str(level.json().at("error"), "field"), "parent_id");
  auto stale = admin.post("/api/v1/nodes/" + gid + "/move",
                          R"({"parent_id":")" + tianjin + R"(","version":99})");
  EXPECT_EQ(stale.status, 409);

  auto moved = admin.post("/api/v1/nodes/" + gid + "/move",
                          R"({"parent_id":")" + tianjin + R"(","version":1})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(str(moved.json(), "code"), code);  // codes never change once issued
  EXPECT_EQ(str(moved.json(), "parent_id"), tianjin);
  auto tianjin_node = admin.get("/api/v1/nodes/" + tianjin).json();
  EXPECT_EQ(str(moved.json(), "path").rfind(str(tianjin_node, "path"), 0), 0u);
  // The micro-grid moved with it, and so did the worker's scope.
  auto micro_after = admin.get("/api/v1/nodes/" + mid).json();
  EXPECT_EQ(str(micro_after, "path").rfind(str(moved.json(), "path"), 0), 0u);
  auto ancestors = admin.get("/api/v1/nodes/" + mid + "/ancestors").items();
  EXPECT_EQ(str(ancestors[ancestors.size() - 3], "name"), "天津社区");
  HttpClient mover = as("mover", "Relocate#Pass11");
  EXPECT_EQ(mover.get("/api/v1/nodes/" + mid).status, 200);
  EXPECT_EQ(admin.get("/api/v1/nodes/" + sanyang + "/subtree?level=microgrid").items().size(), 0u);
  EXPECT_EQ(admin.get("/api/v1/nodes/" + tianjin + "/subtree?level=microgrid").items().size(), 1u);
}
