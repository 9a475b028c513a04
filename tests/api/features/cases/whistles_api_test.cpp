// Departments, dispatch rules and whistles (吹哨报到) through the API.
#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

class WhistlesApi : public ApiTest {
 protected:
  // The id of the department called `name` among those serving `place_code`.
  std::string department(const std::string& place_code, const std::string& name) {
    auto r = as("admin").get("/api/v1/nodes/" + node_id(place_code) + "/departments");
    EXPECT_EQ(r.status, 200) << r.body;
    json::value v = r.json();
    for (const auto& d : v.at("items").as_array())
      if (str(d, "name").find(name) != std::string::npos) return str(d, "id");
    ADD_FAILURE() << "no department " << name;
    return "";
  }
  // A case placed on a community by hand (no grid below the point), accepted.
  std::string accepted_case(HttpClient& staff, const std::string& community_code,
                            const std::string& category, int& version) {
    auto created = staff.post("/api/v1/cases",
                              R"({"channel":"hotline","kind":"complaint","category":")" + category +
                                  R"(","title":"测试","description":"测试","node_id":")" +
                                  node_id(community_code) + R"(","contact_phone":"13800001111"})");
    EXPECT_EQ(created.status, 201) << created.body;
    std::string id = str(created.json(), "id");
    auto r = staff.post("/api/v1/cases/" + id + "/actions", R"({"action":"accept","version":1})");
    EXPECT_EQ(r.status, 200) << r.body;
    version = static_cast<int>(r.json().at("version").as_int64());
    return id;
  }
};

TEST_F(WhistlesApi, DepartmentsHangOffDistrictsAndStreets) {
  HttpClient admin = as("admin"), community = as("community");
  auto list = community.get("/api/v1/nodes/" + node_id("420102002003") + "/departments");
  ASSERT_EQ(list.status, 200) << list.body;
  json::value v = list.json();
  std::size_t district = 0, street = 0;
  for (const auto& d : v.at("items").as_array()) {
    EXPECT_EQ(str(d, "level"), "department");
    (str(d, "parent_id") == node_id("420102000000") ? district : street) += 1;
  }
  EXPECT_EQ(district, 8u);  // the district's bureaus
  EXPECT_EQ(street, 3u);    // 大智街's offices
  // Not under a community; a new one under a street gets the street's code + 2 digits.
  EXPECT_EQ(admin
                .post("/api/v1/nodes/" + node_id("420102002003") + "/departments",
                      R"({"name":"社区某部门"})")
                .status,
            422);
  auto made = admin.post("/api/v1/nodes/" + node_id("420102003000") + "/departments",
                         R"({"name":"一元街城管执法中队"})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(str(made.json(), "code").substr(0, 12), "420102003000");
  EXPECT_EQ(str(made.json(), "code").size(), 14u);
  EXPECT_EQ(admin
                .post("/api/v1/nodes/" + node_id("420102003000") + "/departments",
                      R"({"name":"一元街城管执法中队"})")
                .status,
            409);  // one name once
  // Only those who may edit the street add departments to it; a community
  // secretary does not even see the street.
  EXPECT_EQ(community
                .post("/api/v1/nodes/" + node_id("420102002000") + "/departments",
                      R"({"name":"越权部门"})")
                .status,
            404);
  EXPECT_EQ(as("leader")
                .post("/api/v1/nodes/" + node_id("420102002000") + "/departments",
                      R"({"name":"越权部门"})")
                .status,
            403);
}

TEST_F(WhistlesApi, DispatchRulesSendCategoriesWhereTheyBelong) {
  HttpClient admin = as("admin"), street = as("street");
  std::string water = department("420102002004", "水务");
  std::string rules_url = "/api/v1/nodes/" + node_id("420102002004") + "/dispatch-rules";
  auto put =
      street.request("PUT", rules_url,
                     R"({"rules":[{"category":"public_facilities.water_supply","department_id":")" +
                         water + R"("},{"category":"street_order","level":"street"}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("items").as_array().size(), 2u);

  int v = 0;
  std::string c1 = accepted_case(street, "420102002004", "public_facilities.water_supply", v);
  auto r = street.post("/api/v1/cases/" + c1 + "/actions",
                       R"({"action":"dispatch","version":)" + std::to_string(v) + "}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json(), "assignee_id"), water);  // the exact category's department
  std::string c2 = accepted_case(street, "420102002004", "street_order.illegal_parking", v);
  r = street.post("/api/v1/cases/" + c2 + "/actions",
                  R"({"action":"dispatch","version":)" + std::to_string(v) + "}");
  EXPECT_EQ(str(r.json(), "assignee_id"), node_id("420102002000"));  // the group's level
  std::string c3 = accepted_case(street, "420102002004", "construction.noise", v);
  r = street.post("/api/v1/cases/" + c3 + "/actions",
                  R"({"action":"dispatch","version":)" + std::to_string(v) + "}");
  EXPECT_EQ(str(r.json(), "assignee_id"), node_id("420102002004"));  // no rule: 属地

  // Bad rules are refused whole and change nothing.
  for (
      const char* bad :
      {R"({"rules":[{"category":"no_such.thing","level":"grid"}]})",
       R"({"rules":[{"category":"street_order","level":"province"}]})",
       R"({"rules":[{"category":"street_order","level":"grid"},{"category":"street_order","level":"street"}]})",
       R"({"rules":"all"})"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(street.request("PUT", rules_url, bad).status, 422);
  }
  std::string elsewhere = "";
  auto other = admin.post("/api/v1/nodes/" + node_id("420102003000") + "/departments",
                          R"({"name":"一元街派出所"})");
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_EQ(street
                .request("PUT", rules_url,
                         R"({"rules":[{"category":"street_order","department_id":")" +
                             str(other.json(), "id") + R"("}]})")
                .status,
            422);  // a department of another street does not serve here
  EXPECT_EQ(street.get(rules_url).json().at("items").as_array().size(), 2u);
  // A community worker may not set rules; the residents' side never sees them.
  EXPECT_EQ(as("staff")
                .request("PUT", "/api/v1/nodes/" + node_id("420102002003") + "/dispatch-rules",
                         R"({"rules":[]})")
                .status,
            403);
  ASSERT_EQ(street.request("PUT", rules_url, R"({"rules":[]})").status, 200);
}

TEST_F(WhistlesApi, WhistleReportRate) {
  HttpClient community = as("community"), department_staff = as("department"),
             worker = as("worker");
  std::string urban = department("420102002003", "城市管理执法局");
  std::string police = department("420102002003", "派出所");
  int v = 0;
  std::string id = accepted_case(community, "420102002003", "street_order.occupying_road", v);

  // 吹哨: two departments at once, with a deadline.
  auto w = community.post("/api/v1/cases/" + id + "/whistles",
                          R"({"department_ids":[")" + urban + R"(",")" + police +
                              R"("],"note":"占道经营反复，请联合执法"})");
  ASSERT_EQ(w.status, 201) << w.body;
  json::value made = w.json();
  ASSERT_EQ(made.at("items").as_array().size(), 2u);
  const auto& to_urban = made.at("items").as_array()[0];
  EXPECT_EQ(str(to_urban, "state"), "whistled");
  EXPECT_GT(to_urban.at("due_at").as_int64(), to_urban.at("created_at").as_int64());
  std::string urban_whistle = str(to_urban, "id");
  std::string police_whistle = str(made.at("items").as_array()[1], "id");
  EXPECT_EQ(community
                .post("/api/v1/cases/" + id + "/whistles",
                      R"({"department_ids":[")" + urban + R"("],"note":"再吹"})")
                .status,
            409);  // still open
  EXPECT_EQ(
      community
          .post("/api/v1/cases/" + id + "/whistles", R"({"department_ids":["123"],"note":"x"})")
          .status,
      422);
  EXPECT_EQ(community.post("/api/v1/cases/" + id + "/whistles", R"({"department_ids":[]})").status,
            422);
  EXPECT_EQ(worker
                .post("/api/v1/cases/" + id + "/whistles",
                      R"({"department_ids":[")" + police + R"("],"note":"x"})")
                .status,
            404);  // a case on the community is outside a grid worker's view

  // The department's queue shows it; the department reads the case but takes no workflow action.
  auto queue = department_staff.get("/api/v1/whistles?state=whistled");
  ASSERT_EQ(queue.status, 200) << queue.body;
  bool listed = false;
  json::value queued = queue.json();
  for (const auto& x : queued.at("items").as_array()) {
    listed = listed || str(x, "id") == urban_whistle;
    EXPECT_NE(str(x, "id"), police_whistle);  // another department's whistle
  }
  EXPECT_TRUE(listed);
  auto seen = department_staff.get("/api/v1/cases/" + id);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_TRUE(seen.json().at("actions").as_array().empty());

  // 报到 — once, by the department only.
  EXPECT_EQ(
      as("staff")
          .post("/api/v1/whistles/" + urban_whistle + "/report", R"({"version":1,"note":"x"})")
          .status,
      403);  // reads the case, but does not speak for the department
  EXPECT_EQ(
      worker.post("/api/v1/whistles/" + urban_whistle + "/report", R"({"version":1,"note":"x"})")
          .status,
      404);  // does not see the case at all
  auto rep = department_staff.post("/api/v1/whistles/" + urban_whistle + "/report",
                                   R"({"version":1,"note":"已到场，联合执法清理占道摊点"})");
  ASSERT_EQ(rep.status, 200) << rep.body;
  EXPECT_TRUE(rep.json().at("report").at("on_time").as_bool());
  EXPECT_EQ(
      department_staff
          .post("/api/v1/whistles/" + urban_whistle + "/report", R"({"version":2,"note":"x"})")
          .status,
      422);

  // The whistler rates the report; not before a report or the deadline; 1–5 only.
  EXPECT_EQ(department_staff
                .post("/api/v1/whistles/" + urban_whistle + "/rate", R"({"version":2,"rating":5})")
                .status,
            403);
  EXPECT_EQ(
      community.post("/api/v1/whistles/" + urban_whistle + "/rate", R"({"version":2,"rating":6})")
          .status,
      422);
  EXPECT_EQ(
      community.post("/api/v1/whistles/" + police_whistle + "/rate", R"({"version":1,"rating":3})")
          .status,
      422);
  EXPECT_EQ(
      community.post("/api/v1/whistles/" + urban_whistle + "/rate", R"({"version":1,"rating":4})")
          .status,
      409);  // stale
  auto rated = community.post("/api/v1/whistles/" + urban_whistle + "/rate",
                              R"({"version":2,"rating":4,"note":"响应迅速"})");
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(rated.json().at("rating").at("stars").as_int64(), 4);

  // The case shows each step; the street sees how its departments answered.
  auto detail = community.get("/api/v1/cases/" + id).json();
  std::vector<std::string> steps;
  for (const auto& h : detail.at("history").as_array())
    if (str(h, "action").rfind("whistle", 0) == 0) steps.push_back(str(h, "action"));
  EXPECT_EQ(steps,
            (std::vector<std::string>{"whistle", "whistle", "whistle_report", "whistle_rate"}));
  EXPECT_EQ(detail.at("whistles").as_array().size(), 2u);
  auto scores =
      as("street").get("/api/v1/nodes/" + node_id("420102002000") + "/department-scores?days=7");
  ASSERT_EQ(scores.status, 200) << scores.body;
  bool found = false;
  json::value scored = scores.json();
  for (const auto& s : scored.at("items").as_array()) {
    if (str(s, "department_id") != urban) continue;
    found = true;
    EXPECT_GE(s.at("whistled").as_int64(), 1);
    EXPECT_GE(s.at("reported").as_int64(), 1);
    EXPECT_GT(s.at("mean_rating").as_double(), 0);
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(as("street")
                .get("/api/v1/nodes/" + node_id("420102002000") + "/department-scores?days=0")
                .status,
            422);
}

// The taxonomy is the city's: administrators add, rename and retire categories.
TEST_F(WhistlesApi, CategoriesAreAddedRenamedAndRetired) {
  HttpClient admin = as("admin"), community = as("community");
  std::string body =
      R"({"id":"street_order.shared_bikes","zh":"共享单车堆积","en":"Shared bikes piled up","group_zh":"街面秩序","type":"event"})";
  EXPECT_EQ(community.post("/api/v1/case-categories", body).status, 403);
  auto made = admin.post("/api/v1/case-categories", body);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(admin.post("/api/v1/case-categories", body).status, 409);
  for (const char* bad : {R"({"id":"NoDot","zh":"x","en":"x","group_zh":"x","type":"event"})",
                          R"({"id":"a.b","zh":"","en":"x","group_zh":"x","type":"event"})",
                          R"({"id":"a.c","zh":"x","en":"x","group_zh":"x","type":"thing"})"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(admin.post("/api/v1/case-categories", bad).status, 422);
  }
  // Offered to report forms, and reports may use it.
  auto listed = anonymous().get("/api/v1/case-categories").json();
  bool offered = false;
  for (const auto& c : listed.at("categories").as_array())
    offered = offered || str(c, "id") == "street_order.shared_bikes";
  EXPECT_TRUE(offered);
  int v = 0;
  std::string id = accepted_case(community, "420102002003", "street_order.shared_bikes", v);
  EXPECT_EQ(str(community.get("/api/v1/cases/" + id).json(), "category_zh"), "共享单车堆积");

  // Renamed: old cases show the new name. Retired: no new reports, old cases keep it.
  ASSERT_EQ(admin
                .request("PATCH", "/api/v1/case-categories/street_order.shared_bikes",
                         R"({"zh":"共享单车乱停放"})")
                .status,
            200);
  EXPECT_EQ(str(community.get("/api/v1/cases/" + id).json(), "category_zh"), "共享单车乱停放");
  ASSERT_EQ(admin
                .request("PATCH", "/api/v1/case-categories/street_order.shared_bikes",
                         R"({"active":false})")
                .status,
            200);
  auto refused = community.post(
      "/api/v1/cases",
      R"({"channel":"hotline","kind":"complaint","category":"street_order.shared_bikes","title":"又堆了","node_id":")" +
          node_id("420102002003") + R"("})");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(community.get("/api/v1/cases/" + id).status, 200);
  EXPECT_EQ(admin.request("PATCH", "/api/v1/case-categories/no_such.thing", R"({"zh":"x"})").status,
            404);
  // Restore for the other tests sharing this server.
  ASSERT_EQ(admin
                .request("PATCH", "/api/v1/case-categories/street_order.shared_bikes",
                         R"({"active":true})")
                .status,
            200);
}
