// The tree through the API: real divisions from the demo, search, subtree, stats.
#include "api/api_fixture.hpp"

using namespace gridgov::testing;

class TreeApi : public ApiTest {};

TEST_F(TreeApi, DemoStandsOnTheRealDivisions) {
  HttpClient leader = as("leader");  // held at 武汉市
  auto wuhan = leader.get("/api/v1/nodes?code=420100000000").items();
  ASSERT_EQ(wuhan.size(), 1u);
  EXPECT_EQ(str(wuhan[0], "name"), "武汉市");
  auto stats = leader.get("/api/v1/nodes/" + str(wuhan[0], "id") + "/stats").json();
  auto d = stats.at("descendants");
  EXPECT_EQ(d.at("district").as_int64(), 13);  // 武汉's 13 districts
  EXPECT_GT(d.at("community").as_int64(), 3000);
  EXPECT_GT(d.at("grid").as_int64(), 0);
  auto path = leader.get("/api/v1/nodes/" + node_id("420102002003") + "/ancestors").items();
  std::vector<std::string> names;
  for (const auto& n : path) names.push_back(str(n, "name"));
  EXPECT_EQ(names, (std::vector<std::string>{"全国", "湖北省", "武汉市", "江岸区", "大智街道",
                                             "保成社区"}));
}

TEST_F(TreeApi, SearchStaysInScope) {
  HttpClient street = as("street");  // 大智街道
  auto by_name = street.get("/api/v1/nodes/search?q=" + std::string("%E4%BF%9D%E6%88%90"));  // 保成
  ASSERT_EQ(by_name.status, 200);
  ASSERT_FALSE(by_name.items().empty());
  EXPECT_EQ(str(by_name.items()[0], "name"), "保成社区");
  EXPECT_EQ(str(street.get("/api/v1/nodes/search?q=bcsq").items()[0], "name"), "保成社区");
  // 江汉区 is a neighbouring district: not found from 大智街道.
  EXPECT_TRUE(street.get("/api/v1/nodes/search?q=jhq").items().empty());
  EXPECT_FALSE(as("leader").get("/api/v1/nodes/search?q=jhq").items().empty());
  EXPECT_EQ(street.get("/api/v1/nodes/search?q=").status, 422);
  EXPECT_EQ(street.get("/api/v1/nodes/search?q=" + std::string(40, 'a')).status, 422);
}

// Whole names and initials before names that merely start with them, higher levels first
// (regression: ranked by code alone, `cqs` did not find 重庆市 within 100 results and
// `wpsq` missed 望平社区 at the default limit).
TEST_F(TreeApi, SearchRanksWholeNamesAndHigherLevelsFirst) {
  HttpClient admin = as("admin");
  auto names = [&](const std::string& q) {
    std::vector<std::string> out;
    for (const auto& n : admin.get("/api/v1/nodes/search?q=" + q).items())
      out.push_back(str(n, "name"));
    return out;
  };
  // 文化社区's initials are exactly whsq; 五环社区居民委员会 (whsqjmwyh, a smaller code) only
  // starts with them.
  auto whsq = names("whsq");
  ASSERT_GE(whsq.size(), 2u);
  EXPECT_EQ(whsq[0], "文化社区");
  EXPECT_EQ(names("whs").at(0), "武汉市");                          // exact, and the highest level
  EXPECT_EQ(names("%E6%AD%A6%E6%B1%89%E5%B8%82").at(0), "武汉市");  // 武汉市 by name
  EXPECT_EQ(names("bcsq").at(0), "保成社区");
}

TEST_F(TreeApi, SubtreeByLevelIsPaged) {
  HttpClient street = as("street");
  std::string dazhi = node_id("420102002000");
  auto page1 = street.get("/api/v1/nodes/" + dazhi + "/subtree?level=community&limit=2");
  ASSERT_EQ(page1.status, 200);
  ASSERT_EQ(page1.items().size(), 2u);
  std::string next = str(page1.json(), "next_after");
  auto page2 =
      street.get("/api/v1/nodes/" + dazhi + "/subtree?level=community&limit=100&after=" + next);
  EXPECT_EQ(page1.items().size() + page2.items().size(), 5u);  // 大智街道 has 5 communities
  EXPECT_EQ(street.get("/api/v1/nodes/" + dazhi + "/subtree?level=planet").status, 422);
}

TEST_F(TreeApi, ImportCommandReportsCountsPerLevel) {
  std::string out;
  EXPECT_NE(server_->run({"import", "divisions"}, &out), 0);  // says which option is missing
  EXPECT_NE(out.find("--province"), std::string::npos);
  EXPECT_EQ(server_->run({"import", "divisions", "--city", "4201"}, &out), 0) << out;
  EXPECT_NE(out.find("community"), std::string::npos);
  EXPECT_NE(out.find(" 0\n"), std::string::npos);  // already there: nothing added
}

TEST_F(TreeApi, OrganisationPostsWithHistory) {
  HttpClient community = as("community");
  std::string baocheng = node_id("420102002003");
  auto posts = community.get("/api/v1/nodes/" + baocheng + "/posts");
  ASSERT_EQ(posts.status, 200) << posts.body;
  auto held = posts.json().at("held");
  for (const char* role :
       {"community_secretary", "grid_branch_secretary", "grid_worker", "building_leader",
        "second_building_leader", "coordinator", "sinking_cadre"}) {
    EXPECT_GE(held.as_object().if_contains(role) ? held.at(role).as_int64() : 0, 1) << role;
  }
  // A new grid worker takes over: the old post ends, and history shows both.
  HttpClient admin = as("admin");
  std::string grid = node_id("420102002003003");
  auto first = admin.post(
      "/api/v1/accounts",
      R"({"username":"old.worker","display_name":"老网格员","password":"Old#Worker11","role":"grid_worker","node_id":")" +
          grid + "\"}");
  ASSERT_EQ(first.status, 201) << first.body;
  std::string grant = str(first.json().at("grants").as_array()[0], "id");
  ASSERT_EQ(
      admin.request("DELETE", "/api/v1/accounts/" + str(first.json(), "id") + "/grants/" + grant)
          .status,
      204);
  ASSERT_EQ(
      admin
          .post(
              "/api/v1/accounts",
              R"({"username":"new.worker","display_name":"新网格员","password":"New#Worker11","role":"grid_worker","node_id":")" +
                  grid + "\"}")
          .status,
      201);
  // Posts at the grid itself (its micro-grids have their own full-time workers).
  auto at_grid = [&](const boost::json::array& items) {
    std::vector<boost::json::value> out;
    for (const auto& p : items)
      if (str(p, "node_id") == grid) out.push_back(p);
    return out;
  };
  auto now_held = at_grid(community.get("/api/v1/nodes/" + grid + "/posts").items());
  ASSERT_EQ(now_held.size(), 1u);
  EXPECT_EQ(str(now_held[0], "display_name"), "新网格员");
  auto history = at_grid(community.get("/api/v1/nodes/" + grid + "/posts?history=true").items());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(str(history[0], "display_name"), "老网格员");
  EXPECT_FALSE(history[0].at("until").is_null());
  EXPECT_TRUE(history[1].at("until").is_null());
  // Outside the caller's scope the node does not exist.
  EXPECT_EQ(as("worker").get("/api/v1/nodes/" + node_id("420102002004") + "/posts").status, 404);
}
