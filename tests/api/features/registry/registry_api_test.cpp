// The registry through the API: registering people in houses, masking, the
// audited reveal, search in scope.
#include <map>

#include "api/api_fixture.hpp"
#include "features/registry/identity.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

class RegistryApi : public ApiTest {
 protected:
  // The houses of a new building (nobody lives there yet; the demo fills the others) in
  // 保成社区第2网格's first micro-grid.
  std::vector<std::string> fresh_houses() {
    HttpClient street = as("street");
    auto [lng, lat] = shape_centre(node_id("420102002003002"));
    char body[300];
    std::snprintf(
        body, sizeof body,
        R"({"microgrid_id":"%s","name":"登记测试楼","lng":%.6f,"lat":%.6f,"floors":2,"units":1,"houses_per_floor":2})",
        node_id("42010200200300201").c_str(), lng, lat);
    auto made = street.post("/api/v1/buildings", body);
    EXPECT_EQ(made.status, 201) << made.body;
    auto houses = street.get("/api/v1/buildings/" + str(made.json(), "id") + "/houses").json();
    std::vector<std::string> out;
    for (const auto& h : houses.at("items").as_array()) out.push_back(str(h, "id"));
    return out;
  }
  static std::string url_encoded(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += (std::isalnum(c) || c == '_') ? std::string(1, static_cast<char>(c)) : buf;
    }
    return out;
  }
  static std::string identity(const std::string& first17) {
    return first17 + gridgov::registry::identity_check_char(first17);
  }
};

TEST_F(RegistryApi, RegisterMaskRevealSearch) {
  HttpClient staff = as("staff"), secretary = as("community");
  std::string house = fresh_houses()[0];
  std::string id_number = identity("11010519560307123");  // never a Wuhan demo number
  auto made = staff.post(
      "/api/v1/persons",
      R"({"house_id":")" + house + R"(","name":"王桂兰","identity_number":")" + id_number +
          R"(","phone":"13912340001","tags":["elderly_alone"],"party_member":true})");
  ASSERT_EQ(made.status, 201) << made.body;
  json::value p = made.json();
  std::string person = str(p, "id");
  EXPECT_EQ(str(p, "identity_number"),
            id_number.substr(0, 4) + "**********" + id_number.substr(14));
  EXPECT_EQ(str(p, "phone"), "139****0001");
  EXPECT_EQ(str(p, "birth_date"), "1956-03-07");
  EXPECT_EQ(str(p, "sex"), "M");
  EXPECT_EQ(str(p, "relation"), "head");  // the first in the house heads the household
  EXPECT_EQ(made.body.find(id_number), std::string::npos);

  // The same person twice, bad numbers, impossible dates: refused with the field named.
  EXPECT_EQ(staff
                .post("/api/v1/persons", R"({"house_id":")" + house +
                                             R"(","name":"重复","identity_number":")" + id_number +
                                             R"("})")
                .status,
            409);
  for (const std::string& bad : {std::string("110105194912310021"), identity("42010219900230123"),
                                 std::string("4201021990")}) {
    auto r =
        staff.post("/api/v1/persons", R"({"house_id":")" + house +
                                          R"(","name":"错号","identity_number":")" + bad + R"("})");
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_NE(r.body.find("identity_number"), std::string::npos);
  }
  EXPECT_EQ(staff
                .post("/api/v1/persons",
                      R"({"house_id":")" + house + R"(","name":"错电话","phone":"12345"})")
                .status,
            422);

  // Masked for every reader; a community worker may not reveal, the secretary may, audited.
  auto seen = as("volunteer").get("/api/v1/persons/" + person);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.body.find(id_number), std::string::npos);
  EXPECT_EQ(staff
                .post("/api/v1/persons/" + person + "/reveal",
                      R"({"field":"identity_number","reason":"核对低保材料"})")
                .status,
            403);
  EXPECT_EQ(
      secretary.post("/api/v1/persons/" + person + "/reveal", R"({"field":"identity_number"})")
          .status,
      422);  // a reason is required
  auto shown = secretary.post("/api/v1/persons/" + person + "/reveal",
                              R"({"field":"identity_number","reason":"核对低保材料"})");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(str(shown.json(), "value"), id_number);
  auto audit = as("admin").get("/api/v1/audit?action=person.reveal&entity_id=" + person).json();
  ASSERT_EQ(audit.at("items").as_array().size(), 1u);
  EXPECT_NE(json::serialize(audit).find("核对低保材料"), std::string::npos);

  // Search in scope: two-character name, phone tail, tag, exact identity — always masked.
  std::string community = node_id("420102002003");
  for (const std::string& query :
       {"q=" + url_encoded("桂兰"), "address=" + url_encoded("登记测试楼 1-101"),
        std::string("phone_tail=0001"), std::string("tag=elderly_alone"),
        "identity_number=" + id_number}) {
    SCOPED_TRACE(query);
    auto found = staff.get("/api/v1/nodes/" + community + "/persons?" + query);
    ASSERT_EQ(found.status, 200) << found.body;
    json::value f = found.json();
    bool listed = false;
    for (const auto& x : f.at("items").as_array()) listed = listed || str(x, "id") == person;
    EXPECT_TRUE(listed);
    EXPECT_EQ(found.body.find(id_number), std::string::npos);
  }
  // LIKE's wildcards typed into a search match only themselves (regression: q=% listed everyone).
  for (const char* wild : {"q=%25", "q=_", "address=%25", "tag=%25", "q=%25%25"}) {
    auto everyone = staff.get("/api/v1/nodes/" + community + "/persons?" + wild);
    ASSERT_EQ(everyone.status, 200) << wild << everyone.body;
    EXPECT_TRUE(everyone.items().empty()) << wild << ": " << everyone.items().size() << " matched";
  }
  // A neighbouring community's secretary sees nothing of it.
  auto other = as("admin").post(
      "/api/v1/accounts", R"({"username":"reg-outsider","display_name":"外社区","password":")" +
                              std::string(kDemoPassword) +
                              R"(","role":"community_secretary","node_id":")" +
                              node_id("420102002004") + R"("})");
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_EQ(as("reg-outsider").get("/api/v1/persons/" + person).status, 404);
  EXPECT_EQ(as("reg-outsider")
                .get("/api/v1/nodes/" + community + "/persons?q=" + url_encoded("桂兰"))
                .status,
            404);
  // Nor does it learn that the number is registered elsewhere (regression: 409
  // identity_registered told it); the attempt is audited.
  HttpClient outsider = as("reg-outsider");
  auto buildings =
      outsider.get("/api/v1/nodes/" + node_id("420102002004") + "/subtree?level=building&limit=1")
          .items();
  ASSERT_EQ(buildings.size(), 1u);
  auto their_houses =
      outsider.get("/api/v1/buildings/" + str(buildings[0], "id") + "/houses").items();
  ASSERT_FALSE(their_houses.empty());
  auto again = outsider.post("/api/v1/persons", R"({"house_id":")" + str(their_houses[0], "id") +
                                                    R"(","name":"王桂兰","identity_number":")" +
                                                    id_number + R"("})");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(str(again.json().at("error"), "code"), "identity_not_registrable");
  EXPECT_EQ(again.body.find("已登记"), std::string::npos);
  auto attempts = as("admin").get("/api/v1/audit?action=person.identity_conflict").items();
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(str(attempts[0], "actor"), "reg-outsider");
  EXPECT_EQ(json::serialize(attempts[0]).find(id_number), std::string::npos);
}

// A household through moves: the head leaves, another heads it; someone moves house and out;
// every stay is kept.
TEST_F(RegistryApi, HouseholdsMovesAndHouseUse) {
  HttpClient staff = as("staff");
  auto fresh = fresh_houses();
  std::string h1 = fresh[0], h2 = fresh[1];
  auto add = [&](const std::string& house, const std::string& name, const std::string& relation) {
    auto r = staff.post("/api/v1/persons", R"({"house_id":")" + house + R"(","name":")" + name +
                                               R"(","relation":")" + relation + R"("})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  };
  json::value head = add(h1, "李建国", "other");  // the first becomes the head whatever was said
  json::value wife = add(h1, "张秀英", "spouse");
  EXPECT_EQ(str(head, "relation"), "head");
  EXPECT_EQ(str(head, "household_id"), str(wife, "household_id"));
  auto hh = staff.get("/api/v1/houses/" + h1 + "/household").json();
  ASSERT_EQ(hh.at("members").as_array().size(), 2u);
  EXPECT_EQ(str(hh.at("members").as_array()[0], "name"), "李建国");

  // The head moves to the next house: the spouse heads the household left behind.
  auto moved = staff.post("/api/v1/persons/" + str(head, "id") + "/move",
                          R"({"version":1,"house_id":")" + h2 + R"("})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(str(moved.json(), "house_id"), h2);
  EXPECT_EQ(str(moved.json(), "relation"), "head");  // heads the new, empty house's household
  hh = staff.get("/api/v1/houses/" + h1 + "/household").json();
  ASSERT_EQ(hh.at("members").as_array().size(), 1u);
  EXPECT_EQ(str(hh.at("members").as_array()[0], "relation"), "head");
  EXPECT_EQ(staff
                .post("/api/v1/persons/" + str(head, "id") + "/move",
                      R"({"version":1,"house_id":")" + h1 + R"("})")
                .status,
            409);  // stale version
  // Out of the area; the history keeps both stays.
  int v = static_cast<int>(moved.json().at("version").as_int64());
  auto gone = staff.post("/api/v1/persons/" + str(head, "id") + "/move",
                         R"({"version":)" + std::to_string(v) + R"(,"out":true})");
  ASSERT_EQ(gone.status, 200) << gone.body;
  EXPECT_EQ(str(gone.json(), "status"), "moved_out");
  auto stays = staff.get("/api/v1/persons/" + str(head, "id") + "/history").json();
  ASSERT_EQ(stays.at("items").as_array().size(), 2u);
  EXPECT_FALSE(stays.at("items").as_array()[0].at("moved_out").is_null());
  EXPECT_FALSE(stays.at("items").as_array()[1].at("moved_out").is_null());
  EXPECT_EQ(staff.get("/api/v1/houses/" + h2 + "/household").json().at("members").as_array().size(),
            0u);

  // House use: one of four; residents of the building do not set it.
  auto use = staff.request("PUT", "/api/v1/houses/" + h1 + "/use", R"({"use":"rented"})");
  ASSERT_EQ(use.status, 200) << use.body;
  EXPECT_EQ(str(use.json(), "use"), "rented");
  EXPECT_EQ(staff.request("PUT", "/api/v1/houses/" + h1 + "/use", R"({"use":"palace"})").status,
            422);
  EXPECT_EQ(
      as("building").request("PUT", "/api/v1/houses/" + h1 + "/use", R"({"use":"vacant"})").status,
      404);  // 楼栋长 of another building: not even visible
}

// Key groups and visits: someone living alone is due today; a visit clears it; a need raised
// on a visit becomes a case in the same step.
TEST_F(RegistryApi, KeyGroupVisitsDueAndNeedsBecomeCases) {
  HttpClient worker = as("worker"), staff = as("staff");
  auto building = as("admin").get("/api/v1/nodes?code=42010200200300101003").items();
  ASSERT_EQ(building.size(), 1u);
  auto houses = as("admin").get("/api/v1/buildings/" + str(building[0], "id") + "/houses").json();
  std::string house = str(houses.at("items").as_array()[0], "id");
  auto made = staff.post("/api/v1/persons", R"({"house_id":")" + house +
                                                R"(","name":"赵奶奶","tags":["elderly_alone"]})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string person = str(made.json(), "id");
  std::string grid = node_id("420102002003001");

  auto due_ids = [&]() {
    auto r = worker.get("/api/v1/nodes/" + grid + "/visits-due");
    EXPECT_EQ(r.status, 200) << r.body;
    json::value v = r.json();
    std::vector<std::string> ids;
    for (const auto& x : v.at("items").as_array()) ids.push_back(str(x, "id"));
    return ids;
  };
  auto ids = due_ids();
  EXPECT_NE(std::find(ids.begin(), ids.end(), person), ids.end());  // never visited: due today

  EXPECT_EQ(worker.post("/api/v1/persons/" + person + "/visits", R"({"needs":"x"})").status,
            422);  // what was seen is required
  auto visit =
      worker.post("/api/v1/persons/" + person + "/visits",
                  R"({"seen":"精神好，按时服药","needs":"楼道灯坏了，晚上不敢出门",)"
                  R"("case":{"category":"public_facilities.street_light","title":"楼道灯不亮"}})");
  ASSERT_EQ(visit.status, 201) << visit.body;
  std::string case_id = str(visit.json(), "case_id");
  ASSERT_FALSE(case_id.empty());
  auto the_case = staff.get("/api/v1/cases/" + case_id).json();
  EXPECT_EQ(str(the_case, "channel"), "patrol");
  EXPECT_EQ(str(the_case, "building_id"), str(building[0], "id"));
  ids = due_ids();
  EXPECT_EQ(std::find(ids.begin(), ids.end(), person), ids.end());  // visited today
  auto log = worker.get("/api/v1/persons/" + person + "/visits").json();
  ASSERT_EQ(log.at("items").as_array().size(), 1u);

  // Volunteers look in but do not register cases; key groups are the administrators'.
  EXPECT_EQ(
      as("volunteer")
          .post(
              "/api/v1/persons/" + person + "/visits",
              R"({"seen":"敲门问候","case":{"category":"public_facilities.street_light","title":"楼道灯坏了"}})")
          .status,
      403);
  EXPECT_EQ(as("volunteer")
                .post("/api/v1/persons/" + person + "/visits", R"({"seen":"敲门问候"})")
                .status,
            201);
  EXPECT_EQ(staff
                .request("PUT", "/api/v1/key-groups/pregnant",
                         R"({"zh":"孕产妇","en":"Pregnant women","visit_days":14})")
                .status,
            403);
  auto group = as("admin").request("PUT", "/api/v1/key-groups/pregnant",
                                   R"({"zh":"孕产妇","en":"Pregnant women","visit_days":14})");
  ASSERT_EQ(group.status, 200) << group.body;
  EXPECT_EQ(
      as("admin")
          .request("PUT", "/api/v1/key-groups/Bad-Id", R"({"zh":"x","en":"x","visit_days":1})")
          .status,
      422);
  EXPECT_EQ(as("admin")
                .request("PUT", "/api/v1/key-groups/x", R"({"zh":"x","en":"x","visit_days":0})")
                .status,
            422);
}

// A rented house graded as people move in, patrolled, and listed when its patrol is due.
TEST_F(RegistryApi, RentalHousesAreGradedAndPatrolled) {
  HttpClient staff = as("staff");
  std::string house = fresh_houses()[0];
  ASSERT_EQ(
      staff.request("PUT", "/api/v1/houses/" + house + "/use", R"({"use":"rented","rooms":1})")
          .status,
      200);
  auto grade = [&]() {
    json::value g = staff.get("/api/v1/houses/" + house + "/grade").json();
    return g.at("grade").is_null() ? std::string("none") : str(g.at("grade"), "color");
  };
  EXPECT_EQ(grade(), "green");  // rented, nobody registered yet
  std::vector<std::string> tenants;
  for (const char* name : {"租户甲", "租户乙", "租户丙", "租户丁"}) {
    auto r = staff.post("/api/v1/persons", R"({"house_id":")" + house + R"(","name":")" + name +
                                               R"(","relation":"tenant","residence":"resident"})");
    ASSERT_EQ(r.status, 201) << r.body;
    tenants.push_back(str(r.json(), "id"));
  }
  EXPECT_EQ(grade(), "red");  // four in one room: 群租
  json::value g = staff.get("/api/v1/houses/" + house + "/grade").json();
  EXPECT_NE(str(g.at("grade"), "reasons").find("群租"), std::string::npos);
  EXPECT_GE(g.at("history").as_array().size(), 3u);  // green → yellow → orange → red as they came

  // Red is due a patrol at once; the patrol is recorded and the grade kept while hazards stay.
  std::string grid = node_id("420102002003002");
  auto due = staff.get("/api/v1/nodes/" + grid + "/patrols-due").json();
  bool listed = false;
  for (const auto& x : due.at("items").as_array()) listed = listed || str(x, "house_id") == house;
  EXPECT_TRUE(listed);
  auto patrol = staff.post("/api/v1/houses/" + house + "/patrols",
                           R"({"hazards":1,"note":"楼道堆放电动车电池"})");
  ASSERT_EQ(patrol.status, 201) << patrol.body;
  EXPECT_EQ(str(patrol.json(), "grade"), "red");
  EXPECT_EQ(staff.post("/api/v1/houses/" + house + "/patrols", R"({"hazards":-1})").status, 422);

  // Two move out: two tenants in one room and an open hazard → orange.
  for (int i = 0; i < 2; ++i) {
    auto p = staff.get("/api/v1/persons/" + tenants[i]).json();
    auto r = staff.post(
        "/api/v1/persons/" + tenants[i] + "/move",
        R"({"version":)" + std::to_string(p.at("version").as_int64()) + R"(,"out":true})");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  EXPECT_EQ(grade(), "orange");
  // No longer rented: no grade.
  ASSERT_EQ(staff.request("PUT", "/api/v1/houses/" + house + "/use", R"({"use":"owner_occupied"})")
                .status,
            200);
  EXPECT_EQ(grade(), "none");
}

// The dashboard's figures come from every feature's manifest, each counted by its owner
// and shown only to who may see what it counts.
TEST_F(RegistryApi, FiguresCountWhatEachFeatureOwns) {
  std::string community = node_id("420102002003");
  auto figures = [&](HttpClient c) {
    std::map<std::string, json::value> out;
    auto r = c.get("/api/v1/nodes/" + community + "/figures");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& f : r.items()) out[str(f, "code")] = f;
    return out;
  };
  auto value = [](const json::value& f) { return f.at("value").as_int64(); };
  auto before = figures(as("community"));
  for (const char* code :
       {"org.grids", "org.buildings", "registry.residents", "registry.households",
        "registry.visits_overdue", "registry.red_rentals", "cases.whistles_waiting"})
    EXPECT_TRUE(before.count(code)) << code;
  EXPECT_GT(value(before["org.grids"]), 0);
  EXPECT_EQ(str(before["registry.residents"], "name"), "实有人口");

  std::string house = fresh_houses()[0];
  auto made = as("community")
                  .post("/api/v1/persons",
                        R"({"house_id":")" + house + R"(","name":"图表测试","sex":"F"})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto after = figures(as("community"));
  EXPECT_EQ(value(after["registry.residents"]), value(before["registry.residents"]) + 1);
  EXPECT_EQ(value(after["registry.households"]), value(before["registry.households"]) + 1);
  EXPECT_EQ(value(after["org.buildings"]), value(before["org.buildings"]) + 1);

  // A resident sees the places, not the people; in English when asked.
  HttpClient resident = as("resident");
  resident.set_language("en");
  auto theirs = figures(resident);
  EXPECT_TRUE(theirs.count("org.grids"));
  EXPECT_EQ(str(theirs["org.grids"], "name"), "Grids");
  EXPECT_FALSE(theirs.count("registry.residents"));
  EXPECT_FALSE(theirs.count("cases.whistles_waiting"));
  // Nobody learns of a place outside their scope, or of one that is not there.
  EXPECT_EQ(as("resident").get("/api/v1/nodes/" + node_id("420102002004") + "/figures").status,
            404);
  EXPECT_EQ(as("community").get("/api/v1/nodes/abc/figures").status, 404);
}
