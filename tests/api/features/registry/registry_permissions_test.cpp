// The registry's permission matrix: role × scope × action, written from the
// specification (PRODUCT.md: who keeps the register, who visits, who may see an
// identity number in full), not from the code. Inside is 冯楼栋长's own building —
// the narrowest scope any demo role holds — so every role held in 保成社区 reaches
// it; outside is a resident of the neighbouring 泰宁社区. 404 for one who may not see
// the person at all, 403 for one who sees them but may not do the step.
#include <set>

#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {

// Who sees the people of their area (masked): the register's keepers and helpers.
const std::set<std::string> kReaders = {
    "admin",           "street_staff",           "community_secretary",
    "community_staff", "grid_branch_secretary",  "grid_worker",
    "building_leader", "second_building_leader", "volunteer"};
// Who registers people.
const std::set<std::string> kWriters = {"admin", "street_staff", "community_secretary",
                                        "community_staff", "grid_worker"};
// Who may see an identity number in full, with a reason.
const std::set<std::string> kRevealers = {"admin", "street_staff", "community_secretary"};
// Who logs visits: everyone who sees the people.
const std::set<std::string>& kVisitors = kReaders;
// Roles held above both communities (the street, the city) reach the outside one too.
const std::set<std::string> kAbove = {"admin", "leader", "street_staff"};

}  // namespace

class RegistryPermissions : public ApiTest {};

TEST_F(RegistryPermissions, RoleScopeAndActionAsSpecified) {
  HttpClient admin = as("admin");
  auto me = as("building").get("/api/v1/auth/me").json();
  std::string building = str(me.at("grants").as_array().at(0), "node_id");
  auto inside_people = admin.get("/api/v1/nodes/" + building + "/persons?limit=1").items();
  auto outside_people =
      admin.get("/api/v1/nodes/" + node_id("420102002004") + "/persons?limit=1").items();
  ASSERT_EQ(inside_people.size(), 1u);
  ASSERT_EQ(outside_people.size(), 1u);
  auto inside_houses = admin.get("/api/v1/buildings/" + building + "/houses").items();
  ASSERT_FALSE(inside_houses.empty());
  std::string outside_house = str(outside_people[0], "house_id");
  int cells = 0;
  for (bool inside : {true, false}) {
    std::string person = str((inside ? inside_people : outside_people)[0], "id");
    std::string house = inside ? str(inside_houses.back(), "id") : outside_house;
    for (const auto& [role, username] : demo_accounts()) {
      SCOPED_TRACE(role + (inside ? " inside" : " outside"));
      bool reaches = inside || kAbove.count(role);
      bool sees = reaches && kReaders.count(role);
      auto expect = [&](const std::set<std::string>& may) {
        return sees ? (may.count(role) ? 200 : 403) : 404;
      };
      HttpClient user = as(username);
      EXPECT_EQ(user.get("/api/v1/persons/" + person).status, sees ? 200 : 404);
      auto reveal = user.post("/api/v1/persons/" + person + "/reveal",
                              R"({"field":"identity_number","reason":"权限矩阵核对"})");
      EXPECT_EQ(reveal.status, expect(kRevealers)) << "reveal: " << reveal.body;
      auto visit = user.post("/api/v1/persons/" + person + "/visits", R"({"seen":"在家，身体好"})");
      EXPECT_EQ(visit.status == 201 ? 200 : visit.status, expect(kVisitors))
          << "visit: " << visit.body;
      // Registering someone in a house: one who may register nobody is refused before the
      // body is read; a house outside what the caller sees is, to them, no house at all.
      auto made = user.post("/api/v1/persons",
                            R"({"house_id":")" + house + R"(","name":"矩阵测试","sex":"M"})");
      int want = !kWriters.count(role) ? 403 : sees ? 201 : 422;
      EXPECT_EQ(made.status, want) << "register: " << made.body;
      ++cells;
    }
  }
  EXPECT_EQ(cells, static_cast<int>(2 * demo_accounts().size()));
}
