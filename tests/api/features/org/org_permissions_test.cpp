// The tree's permission matrix: role × scope × action, written from the
// specification (PRODUCT.md §1: a role is held at a node and grants rights over
// that node's subtree only; the community and the street keep the tree below the
// community), not from the code. Inside is 冯楼栋长's own building, 1栋 of 保成社区's
// first grid — the narrowest scope a demo role holds, so every role held in
// 保成社区 reaches it; outside is a building of the neighbouring 泰宁社区. 404 for
// one who may not see the node at all, 403 for one who sees it but may not change
// it — before anything the body lacks is named.
#include <set>

#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {

// Everyone held in the area sees its tree; a department sees only its own node.
const std::set<std::string> kReaders = {"admin",
                                        "leader",
                                        "street_staff",
                                        "community_secretary",
                                        "community_staff",
                                        "grid_branch_secretary",
                                        "grid_worker",
                                        "sinking_cadre",
                                        "coordinator",
                                        "building_leader",
                                        "second_building_leader",
                                        "volunteer",
                                        "resident"};
// Who keeps the tree below the community: the street office and the community committee.
const std::set<std::string> kKeepers = {"admin", "street_staff", "community_secretary",
                                        "community_staff"};
// Roles held above both communities (the street, the city) reach the outside one too.
const std::set<std::string> kAbove = {"admin", "leader", "street_staff"};

}  // namespace

class OrgPermissions : public ApiTest {};

TEST_F(OrgPermissions, RoleScopeAndActionAsSpecified) {
  HttpClient admin = as("admin");
  std::string inside = node_id("42010200200300101001");
  auto outside_buildings =
      admin.get("/api/v1/nodes/" + node_id("420102002004") + "/subtree?level=building&limit=1")
          .items();
  ASSERT_EQ(outside_buildings.size(), 1u);
  std::string outside = str(outside_buildings[0], "id");
  int cells = 0, allowed = 0;
  for (bool in : {true, false}) {
    std::string building = in ? inside : outside;
    for (const auto& [role, username] : demo_accounts()) {
      SCOPED_TRACE(role + (in ? " inside" : " outside"));
      bool sees = (in || kAbove.count(role)) && kReaders.count(role);
      int change = sees ? (kKeepers.count(role) ? 200 : 403) : 404;
      HttpClient user = as(username);
      EXPECT_EQ(user.get("/api/v1/nodes/" + building).status, sees ? 200 : 404);
      EXPECT_EQ(user.get("/api/v1/nodes/" + building + "/ancestors").status, sees ? 200 : 404);
      EXPECT_EQ(user.get("/api/v1/buildings/" + building + "/houses").status, sees ? 200 : 404);
      // Without the right, 403 before the missing version is named (422 for a keeper).
      auto empty = user.request("PATCH", "/api/v1/nodes/" + building, "{}");
      EXPECT_EQ(empty.status, change == 200 ? 422 : change) << "empty rename: " << empty.body;
      auto now = admin.get("/api/v1/nodes/" + building).json();
      json::object rename{{"version", now.at("version")}, {"name", str(now, "name")}};
      auto renamed = user.request("PATCH", "/api/v1/nodes/" + building, json::serialize(rename));
      EXPECT_EQ(renamed.status, change) << "rename: " << renamed.body;
      allowed += renamed.status == 200;
      ++cells;
    }
  }
  EXPECT_EQ(cells, static_cast<int>(2 * demo_accounts().size()));
  EXPECT_EQ(allowed, static_cast<int>(kKeepers.size() + 2));  // + admin and street outside
}
