// Cases through the API: intake, every step of the loop, refusals, scope, concurrency.
#include <chrono>
#include <thread>

#include "features/cases/calendar.hpp"

#include "api/api_fixture.hpp"
#include "support/test_clock.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

class CasesApi : public ApiTest {
 protected:
  // A point inside 保成社区第1网格's first micro-grid (from the demo's shapes).
  std::pair<double, double> point_in_first_microgrid() {
    return shape_centre(node_id("420102002003001"));
  }
  std::string report_body(const std::string& title, const std::string& extra = "") {
    auto [lng, lat] = point_in_first_microgrid();
    char buf[512];
    std::snprintf(
        buf, sizeof buf,
        R"({"kind":"complaint","category":"street_order.illegal_parking","title":"%s","description":"小区门口长期占道停车","lng":%.6f,"lat":%.6f%s})",
        title.c_str(), lng, lat, extra.c_str());
    return buf;
  }
  static HttpResponse act(HttpClient& c, const std::string& id, const std::string& action,
                          int version, const std::string& extra = "") {
    return c.post(
        "/api/v1/cases/" + id + "/actions",
        R"({"action":")" + action + R"(","version":)" + std::to_string(version) + extra + "}");
  }
  static int version_of(const HttpResponse& r) {
    return static_cast<int>(r.json().at("version").as_int64());
  }
};

TEST_F(CasesApi, TheWholeLoopThroughTheApi) {
  HttpClient resident = as("resident"), community = as("community"), worker = as("worker");
  auto created = resident.post("/api/v1/cases", report_body("门口乱停车"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = str(created.json(), "id");
  std::string code = str(created.json(), "code");
  EXPECT_EQ(code.size(), 6u + 8u + 5u);  // district + yyyymmdd + sequence
  EXPECT_EQ(code.substr(0, 6), "420102");
  EXPECT_EQ(str(created.json(), "state"), "reported");
  EXPECT_EQ(str(created.json(), "node_id"),
            node_id("42010200200300101"));  // located to the micro-grid

  // The desk offers the dispatcher exactly what the state allows.
  auto desk = community.get("/api/v1/cases/" + id).json();
  std::vector<std::string> offered;
  for (const auto& a : desk.at("actions").as_array()) offered.push_back(str(a, "action"));
  EXPECT_EQ(offered, (std::vector<std::string>{"accept", "reject", "merge"}));

  int v = 1;
  auto r = act(community, id, "accept", v);
  ASSERT_EQ(r.status, 200) << r.body;
  r = act(community, id, "dispatch", v = version_of(r));  // 属地: to the case's grid by default
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json(), "assignee_id"), node_id("420102002003001"));
  r = act(worker, id, "sign", v = version_of(r));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(act(worker, id, "contact", version_of(r)).status, 422);  // says how, always
  r = act(worker, id, "contact", v = version_of(r), R"(,"note":"电话联系反映人，约定今日处理")");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json(), "state"), "handling");
  r = act(worker, id, "handle", v = version_of(r), R"(,"note":"已联系车主挪车，并张贴提示")");
  ASSERT_EQ(r.status, 200) << r.body;
  r = act(worker, id, "verify_pass", v = version_of(r));
  ASSERT_EQ(r.status, 200) << r.body;
  r = act(community, id, "close", v = version_of(r));
  ASSERT_EQ(r.status, 200) << r.body;
  r = act(resident, id, "evaluate", v = version_of(r),
          R"(,"resolved":false,"satisfied":false,"rating":2)");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json(), "state"), "evaluated");
  r = act(resident, id, "reopen", v = version_of(r), R"(,"note":"第二天又停满了")");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json(), "state"), "accepted");

  auto full = community.get("/api/v1/cases/" + id).json();
  std::vector<std::string> steps;
  for (const auto& h : full.at("history").as_array()) steps.push_back(str(h, "action"));
  EXPECT_EQ(steps,
            (std::vector<std::string>{"report", "accept", "dispatch", "sign", "contact", "handle",
                                      "verify_pass", "close", "evaluate", "reopen"}));
}

TEST_F(CasesApi, IllegalAndForbiddenActionsAreRefusedClearly) {
  HttpClient resident = as("resident"), community = as("community"), worker = as("worker");
  auto created = resident.post(
      "/api/v1/cases", report_body("井盖松动", R"(,"category":"public_facilities.manhole_cover")"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = str(created.json(), "id");
  auto illegal = act(community, id, "close", 1);
  EXPECT_EQ(illegal.status, 422);
  EXPECT_EQ(str(illegal.json().at("error"), "code"), "illegal_transition");
  EXPECT_NE(str(illegal.json().at("error"), "message").find("已上报"), std::string::npos);
  auto forbidden = act(worker, id, "accept", 1);
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_NE(str(forbidden.json().at("error"), "message").find("只有"), std::string::npos);
  EXPECT_EQ(act(community, id, "reject", 1).status, 422);  // a reason is required
  EXPECT_EQ(act(community, id, "fly", 1).status, 422);
  auto rejected = act(community, id, "reject", 1, R"(,"note":"不属于受理范围")");
  EXPECT_EQ(rejected.status, 200);
  EXPECT_EQ(act(community, id, "accept", 2).status, 422);  // rejected is final
}

TEST_F(CasesApi, RepeatedReturnsGoToTheStreetForArbitration) {
  HttpClient resident = as("resident"), community = as("community"), worker = as("worker"),
             street = as("street");
  auto created = resident.post(
      "/api/v1/cases", report_body("路灯不亮", R"(,"category":"public_facilities.street_light")"));
  std::string id = str(created.json(), "id");
  auto r = act(community, id, "accept", 1);
  int v = version_of(r);
  for (int i = 0; i < 2; ++i) {
    r = act(community, id, "dispatch", v);
    ASSERT_EQ(r.status, 200) << r.body;
    r = act(worker, id, "return", v = version_of(r), R"(,"note":"路灯归城管部门")");
    ASSERT_EQ(r.status, 200) << r.body;
    v = version_of(r);
  }
  EXPECT_EQ(r.json().at("returns").as_int64(), 2);
  auto refused = act(community, id, "dispatch", v);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(str(refused.json().at("error"), "message").find("仲裁"), std::string::npos);
  // The street office (the community's superior) arbitrates: it assigns the community itself.
  auto ok = street.post("/api/v1/cases/" + id + "/actions",
                        R"({"action":"arbitrate","version":)" + std::to_string(v) +
                            R"(,"assignee_id":")" + node_id("420102002003") + R"("})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(str(ok.json(), "state"), "dispatched");
  EXPECT_EQ(ok.json().at("returns").as_int64(), 0);
  EXPECT_EQ(str(ok.json(), "assignee_id"), node_id("420102002003"));
}

TEST_F(CasesApi, TwoPeopleActingAtOnceOneWins) {
  HttpClient resident = as("resident"), community = as("community"), staff = as("staff");
  auto created = resident.post("/api/v1/cases",
                               report_body("垃圾满溢", R"(,"category":"environment.trash_bin")"));
  std::string id = str(created.json(), "id");
  HttpResponse a, b;
  std::thread t1([&] { a = act(community, id, "accept", 1); });
  std::thread t2([&] { b = act(staff, id, "accept", 1); });
  t1.join();
  t2.join();
  std::vector<int> statuses{a.status, b.status};
  std::sort(statuses.begin(), statuses.end());
  EXPECT_EQ(statuses, (std::vector<int>{200, 409}));
  auto full = community.get("/api/v1/cases/" + id).json();
  EXPECT_EQ(full.at("history").as_array().size(), 2u);  // report + one accept
}

TEST_F(CasesApi, IntakeValidationAnonymousAndScope) {
  HttpClient anon = anonymous();
  auto no_phone = anon.post("/api/v1/cases", report_body("匿名反映"));
  EXPECT_EQ(no_phone.status, 422);
  EXPECT_EQ(str(no_phone.json().at("error"), "field"), "contact_phone");
  auto with_phone =
      anon.post("/api/v1/cases", report_body("匿名反映", R"(,"contact_phone":"13812345678")"));
  ASSERT_EQ(with_phone.status, 201) << with_phone.body;
  EXPECT_FALSE(with_phone.json().as_object().contains("contact_phone"));
  std::string id = str(with_phone.json(), "id");
  // Staff see the contact masked; a grid worker elsewhere and other residents do not see the case.
  auto staff_view = as("community").get("/api/v1/cases/" + id).json();
  EXPECT_EQ(str(staff_view, "contact_phone"), "138****5678");
  EXPECT_EQ(as("resident").get("/api/v1/cases/" + id).status, 404);
  HttpClient admin = as("admin");
  ASSERT_EQ(
      admin
          .post(
              "/api/v1/accounts",
              R"({"username":"far.worker","display_name":"远处网格员","password":"Far#Worker11","role":"grid_worker","node_id":")" +
                  node_id("420102002004001") + "\"}")
          .status,
      201);
  EXPECT_EQ(as("far.worker", "Far#Worker11").get("/api/v1/cases/" + id).status, 404);

  HttpClient resident = as("resident");
  EXPECT_EQ(str(resident.post("/api/v1/cases", report_body("x", R"(,"category":"nope")"))
                    .json()
                    .at("error"),
                "field"),
            "category");
  EXPECT_EQ(
      str(resident.post("/api/v1/cases", report_body("x", R"(,"kind":"rant")")).json().at("error"),
          "field"),
      "kind");
  EXPECT_EQ(
      resident
          .post(
              "/api/v1/cases",
              R"({"kind":"help","category":"community.neighbour_dispute","title":"楼上漏水","lng":10,"lat":10})")
          .status,
      422);
  // Staff channels need the right to register cases at that place.
  auto patrol = resident.post("/api/v1/cases", report_body("巡查发现", R"(,"channel":"patrol")"));
  EXPECT_EQ(patrol.status, 403);
  EXPECT_EQ(
      as("worker").post("/api/v1/cases", report_body("巡查发现", R"(,"channel":"patrol")")).status,
      201);

  // Each caller's queue holds only what they may see.
  auto mine = resident.get("/api/v1/cases").items();
  for (const auto& c : mine) EXPECT_NE(str(c, "id"), id);
  bool seen = false;
  for (const auto& c : as("community").get("/api/v1/cases?state=reported").items())
    seen |= str(c, "id") == id;
  EXPECT_TRUE(seen);
}

TEST_F(CasesApi, AcceptingSetsDeadlines) {
  HttpClient resident = as("resident"), community = as("community");
  auto ordinary = resident.post("/api/v1/cases", report_body("乱停车"));
  auto r = act(community, str(ordinary.json(), "id"), "accept", 1);
  ASSERT_EQ(r.status, 200) << r.body;
  auto at = r.json().at("updated_at").as_int64();
  auto close = r.json().at("deadlines").at("close").as_int64();
  EXPECT_GE(close - at, 7LL * 24 * 3600 * 1000);  // 7 working days: at least 7 calendar days
  EXPECT_LE(close - at, 20LL * 24 * 3600 * 1000);
  EXPECT_EQ(str(r.json(), "deadline_status"), "on_time");
  auto urgent = resident.post(
      "/api/v1/cases",
      report_body("燃气泄漏", R"(,"category":"emergency.gas_leak","urgency":"emergency")"));
  auto e = act(community, str(urgent.json(), "id"), "accept", 1);
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.json().at("deadlines").at("close").as_int64() - e.json().at("updated_at").as_int64(),
            2LL * 3600 * 1000);
}

TEST_F(CasesApi, NearbySameCategoryReportsAreSuggestedAsDuplicates) {
  HttpClient resident = as("resident"), worker = as("worker"), community = as("community");
  auto [lng, lat] = point_in_first_microgrid();
  auto body = [&](double dlng, const char* category) {
    char buf[400];
    std::snprintf(
        buf, sizeof buf,
        R"({"kind":"complaint","category":"%s","title":"树枝挡路","lng":%.6f,"lat":%.6f})",
        category, lng + dlng, lat);
    return std::string(buf);
  };
  auto first = resident.post("/api/v1/cases", body(0, "greening.street_tree"));
  ASSERT_EQ(first.status, 201) << first.body;
  // ~20 m away, same category: suggested. ~300 m away or another category: not.
  auto near = worker.post("/api/v1/cases",
                          body(0.0002, "greening.street_tree").insert(1, R"("channel":"patrol",)"));
  ASSERT_EQ(near.status, 201) << near.body;
  auto dups = near.json().at("duplicates").as_array();
  ASSERT_EQ(dups.size(), 1u);
  EXPECT_EQ(str(dups[0], "id"), str(first.json(), "id"));
  EXPECT_LE(dups[0].at("distance_m").to_number<double>(), 50.0);
  auto other = worker.post(
      "/api/v1/cases", body(0.0002, "greening.green_space").insert(1, R"("channel":"patrol",)"));
  EXPECT_TRUE(other.json().at("duplicates").as_array().empty());
  // Merging the duplicate: it ends, pointing at the first.
  std::string near_id = str(near.json(), "id");
  auto merged = community.post(
      "/api/v1/cases/" + near_id + "/actions",
      R"({"action":"merge","version":1,"merge_into":")" + str(first.json(), "id") + R"("})");
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(str(merged.json(), "state"), "merged");
  EXPECT_EQ(str(merged.json(), "merged_into"), str(first.json(), "id"));
  // The first case records who else asked.
  auto target = community.get("/api/v1/cases/" + str(first.json(), "id")).json();
  EXPECT_EQ(str(target.at("history").as_array().back(), "action"), "merged_in");

  // A resident's report merged into a case someone else reported: the resident follows that case.
  auto dup = resident.post("/api/v1/cases", body(0.0001, "greening.street_tree"));
  ASSERT_EQ(dup.status, 201) << dup.body;
  auto target2 = worker.post(
      "/api/v1/cases", body(0.0001, "greening.street_tree").insert(1, R"("channel":"patrol",)"));
  std::string t2 = str(target2.json(), "id");
  EXPECT_EQ(resident.get("/api/v1/cases/" + t2).status, 404);  // not theirs
  ASSERT_EQ(community
                .post("/api/v1/cases/" + str(dup.json(), "id") + "/actions",
                      R"({"action":"merge","version":1,"merge_into":")" + t2 + R"("})")
                .status,
            200);
  auto mine = resident.get("/api/v1/cases/" + str(dup.json(), "id")).json();
  EXPECT_EQ(str(mine.at("merged_into_case"), "id"), t2);
  EXPECT_EQ(str(mine.at("merged_into_case"), "state"), "reported");
  EXPECT_EQ(resident.get("/api/v1/cases/" + t2).status, 200);  // now they follow it
}

TEST_F(CasesApi, MeasuresForANodeAndItsChildren) {
  HttpClient resident = as("resident"), community = as("community"), leader = as("leader");
  auto created = resident.post("/api/v1/cases", report_body("测三率"));
  ASSERT_EQ(created.status, 201);
  auto r = act(community, str(created.json(), "id"), "accept", 1);
  ASSERT_EQ(r.status, 200);
  std::string street = node_id("420102002000");
  auto m = leader.get("/api/v1/nodes/" + street + "/measures");
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_GE(m.json().at("measures").at("received").as_int64(), 1);
  auto children = m.json().at("children").as_array();
  ASSERT_FALSE(children.empty());
  EXPECT_NE(str(children[0].at("node"), "name").find("社区"), std::string::npos);
  EXPECT_EQ(as("worker").get("/api/v1/nodes/" + street + "/measures").status,
            404);  // outside their grid
  EXPECT_EQ(leader.get("/api/v1/nodes/" + street + "/measures?from=10&to=5").status, 422);

  // Everything down to a grid is answered from the daily aggregates (a community with
  // hundreds of grids once took 30 s from its cases), a micro-grid from its cases; each
  // agrees with what its parent says of it.
  json::value by_day = m.json();
  EXPECT_EQ(str(by_day, "source"), "daily");
  long long community_received = -1;
  for (const auto& c : by_day.at("children").as_array())
    if (str(c.at("node"), "code") == "420102002003")
      community_received = c.at("received").as_int64();
  auto direct = leader.get("/api/v1/nodes/" + node_id("420102002003") + "/measures").json();
  EXPECT_EQ(str(direct, "source"), "daily");
  EXPECT_EQ(direct.at("measures").at("received").as_int64(), community_received);
  long long grid_received = -1;
  for (const auto& c : direct.at("children").as_array())
    if (str(c.at("node"), "code") == "420102002003001") grid_received = c.at("received").as_int64();
  auto grid = leader.get("/api/v1/nodes/" + node_id("420102002003001") + "/measures").json();
  EXPECT_EQ(str(grid, "source"), "daily");
  EXPECT_EQ(grid.at("measures").at("received").as_int64(), grid_received);
  EXPECT_GE(grid_received, 1);
  long long micro_received = -1;
  for (const auto& c : grid.at("children").as_array())
    if (str(c.at("node"), "code") == "42010200200300101")
      micro_received = c.at("received").as_int64();
  auto micro = leader.get("/api/v1/nodes/" + node_id("42010200200300101") + "/measures").json();
  EXPECT_EQ(str(micro, "source"), "cases");
  EXPECT_EQ(micro.at("measures").at("received").as_int64(), micro_received);
  bool parking = false;
  for (const auto& c : direct.at("categories").as_array())
    parking = parking || str(c, "category") == "street_order.illegal_parking";
  EXPECT_TRUE(parking);
  auto city = leader.get("/api/v1/nodes/" + node_id("420100000000") + "/measures").json();
  EXPECT_EQ(str(city, "source"), "daily");
  EXPECT_GE(city.at("measures").at("received").as_int64(),
            by_day.at("measures").at("received").as_int64());
}

TEST_F(CasesApi, LeadersTakeChargeSuperviseAndUrge) {
  HttpClient resident = as("resident"), community = as("community"), leader = as("leader");
  auto created = resident.post("/api/v1/cases",
                               report_body("多次反映噪音", R"(,"category":"construction.noise")"));
  std::string id = str(created.json(), "id");
  ASSERT_EQ(act(community, id, "accept", 1).status, 200);
  auto charge = leader.post("/api/v1/cases/" + id + "/supervision",
                            R"({"kind":"take_charge","note":"市领导包案"})");
  ASSERT_EQ(charge.status, 200) << charge.body;
  EXPECT_EQ(str(charge.json(), "leader_in_charge"), "王市长（演示）");
  EXPECT_EQ(str(charge.json(), "state"), "accepted");  // the workflow state is unchanged
  ASSERT_EQ(leader.post("/api/v1/cases/" + id + "/supervision", R"({"kind":"supervise"})").status,
            200);
  auto urged = leader.post("/api/v1/cases/" + id + "/supervision",
                           R"({"kind":"urge","note":"请今日内联系群众"})");
  ASSERT_EQ(urged.status, 200);
  EXPECT_TRUE(urged.json().at("supervised").as_bool());
  EXPECT_EQ(urged.json().at("urges").as_int64(), 1);
  EXPECT_EQ(community.post("/api/v1/cases/" + id + "/supervision", R"({"kind":"urge"})").status,
            403);
  EXPECT_EQ(leader.post("/api/v1/cases/" + id + "/supervision", R"({"kind":"ignore"})").status,
            422);
  std::vector<std::string> steps;
  auto full =
      community.get("/api/v1/cases/" + id).json();  // keep the value: the loop borrows from it
  for (const auto& h : full.at("history").as_array()) steps.push_back(str(h, "action"));
  EXPECT_EQ(steps,
            (std::vector<std::string>{"report", "accept", "take_charge", "supervise", "urge"}));
}

TEST_F(CasesApi, CalendarEditsMoveDeadlines) {
  HttpClient admin = as("admin"), resident = as("resident"), community = as("community");
  // Accepts a new case; returns when it was accepted (bounds) and its close deadline.
  struct Accepted {
    gridgov::Millis from, to, close;
  };
  auto accept_one = [&] {
    auto created = resident.post("/api/v1/cases", report_body("日历测试"));
    gridgov::Millis from = gridgov::testing::test_now_ms();
    auto r = act(community, str(created.json(), "id"), "accept", 1);
    gridgov::Millis to = gridgov::testing::test_now_ms();
    EXPECT_EQ(r.status, 200) << r.body;
    return Accepted{from, to, r.json().at("deadlines").at("close").as_int64()};
  };
  // The next working day after today, as the server counts it.
  gridgov::cases::Calendar cal = gridgov::cases::Calendar::official();
  gridgov::Millis today = gridgov::testing::test_now_ms();
  std::string next;
  for (int i = 1; i < 15 && next.empty(); ++i) {
    std::string d = gridgov::cst_date(today + i * gridgov::kDayMs);
    if (cal.is_workday(d)) next = d;
  }
  ASSERT_FALSE(next.empty());
  // An ordinary case closes within 7 working days of its acceptance (docs/cases.md). The
  // server's clock started with the server, up to its start-up time behind the tests' own.
  constexpr gridgov::Millis kStartup = 60 * 1000;
  auto expect_close = [&](const gridgov::cases::Calendar& c, const Accepted& a) {
    EXPECT_GE(a.close, c.add_working_days(a.from - kStartup, 7));
    EXPECT_LE(a.close, c.add_working_days(a.to, 7));
  };
  auto before = accept_one();
  expect_close(cal, before);
  auto set =
      admin.request("PUT", "/api/v1/calendar/" + next, R"({"kind":"holiday","note":"测试"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_FALSE(set.json().at("workday").as_bool());
  auto after = accept_one();
  gridgov::cases::Calendar with_holiday = cal;
  ASSERT_TRUE(with_holiday.add_holiday(next));
  expect_close(with_holiday, after);
  // One working day more: at least a day later, more when it carries over a weekend.
  EXPECT_GE(after.close - before.close, gridgov::kDayMs - 120 * 1000);
  auto listed = admin.get("/api/v1/calendar?year=" + next.substr(0, 4)).json();
  bool found = false;
  for (const auto& d : listed.at("days").as_array()) found |= str(d, "date") == next;
  EXPECT_TRUE(found);
  EXPECT_EQ(community.request("PUT", "/api/v1/calendar/" + next, R"({"kind":"normal"})").status,
            403);
  EXPECT_EQ(admin.request("PUT", "/api/v1/calendar/2027-13-40", R"({"kind":"holiday"})").status,
            422);
  ASSERT_EQ(admin.request("PUT", "/api/v1/calendar/" + next, R"({"kind":"normal"})").status,
            200);  // undo
}

TEST_F(CasesApi, HotspotsFindRisingPlaces) {
  HttpClient resident = as("resident"), community = as("community");
  auto buildings =
      community
          .get("/api/v1/nodes/" + node_id("420102002003002") + "/subtree?level=building&limit=1")
          .items();
  ASSERT_EQ(buildings.size(), 1u);
  std::string building = str(buildings[0], "id");
  for (int i = 0; i < 3; ++i) {
    auto r = resident.post(
        "/api/v1/cases",
        R"({"kind":"complaint","category":"housing_land.elevator","title":"电梯又坏了","building_id":")" +
            building + "\"}");
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto h = community.get("/api/v1/nodes/" + node_id("420102002003") + "/hotspots");
  ASSERT_EQ(h.status, 200) << h.body;
  bool found = false;
  for (const auto& item : h.items()) {
    if (str(item, "building_id") != building) continue;
    found = true;
    EXPECT_EQ(str(item, "category"), "housing_land.elevator");
    EXPECT_TRUE(item.at("rising").as_bool());
    EXPECT_GE(item.at("total").as_int64(), 3);
    EXPECT_NE(str(item, "proposal").find("巡查"), std::string::npos);
  }
  EXPECT_TRUE(found) << h.body;
  EXPECT_EQ(community.get("/api/v1/nodes/" + node_id("420102002003") + "/hotspots?weeks=99").status,
            422);
  EXPECT_EQ(as("worker").get("/api/v1/nodes/" + node_id("420102002004") + "/hotspots").status, 404);
}

TEST_F(CasesApi, TheOpenQueueHoldsOnlyCasesStillInTheLoop) {
  HttpClient resident = as("resident"), community = as("community");
  auto open_case = resident.post("/api/v1/cases", report_body("队列-在办"));
  ASSERT_EQ(open_case.status, 201);
  auto rejected = resident.post("/api/v1/cases", report_body("队列-不予立案"));
  ASSERT_EQ(rejected.status, 201);
  ASSERT_EQ(act(community, str(rejected.json(), "id"), "reject", 1, R"(,"note":"重复")").status,
            200);
  auto queue = community.get("/api/v1/cases?state=open&limit=500");
  ASSERT_EQ(queue.status, 200) << queue.body;
  json::value q = queue.json();
  bool has_open = false;
  for (const auto& c : q.at("items").as_array()) {
    std::string state = str(c, "state");
    EXPECT_NE(state, "rejected");
    EXPECT_NE(state, "closed");
    EXPECT_NE(state, "evaluated");
    EXPECT_NE(state, "merged");
    has_open = has_open || str(c, "id") == str(open_case.json(), "id");
  }
  EXPECT_TRUE(has_open);
  EXPECT_EQ(community.get("/api/v1/cases?state=opened").status, 422);
}
