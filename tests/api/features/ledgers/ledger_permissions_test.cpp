// The ledgers' permission matrix: role × scope × kind, written from the
// specification (PRODUCT.md §1–2: who keeps the tree imports buildings, who keeps
// the register imports houses and residents; rights hold in the holder's subtree
// only). Inside is 保成社区's first grid, which every role held in the community or
// that grid reaches; outside is the neighbouring 泰宁社区's first grid. 404 for one
// who may not see the place, 403 for one who sees it but may not import that kind
// — before the file is looked at.
#include <set>

#include "api/api_fixture.hpp"
#include "support/wait.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {

// Held in 保成社区 or its first grid: building leaders hold a building, below it.
const std::set<std::string> kReachInside = {"admin",           "leader",
                                            "street_staff",    "community_secretary",
                                            "community_staff", "grid_branch_secretary",
                                            "grid_worker",     "sinking_cadre",
                                            "coordinator",     "volunteer",
                                            "resident"};
const std::set<std::string> kAbove = {"admin", "leader", "street_staff"};
// Buildings are the tree's (its keepers); houses and residents the register's.
const std::set<std::string> kTreeKeepers = {"admin", "street_staff", "community_secretary",
                                            "community_staff"};
const std::set<std::string> kRegisterKeepers = {"admin", "street_staff", "community_secretary",
                                                "community_staff", "grid_worker"};

}  // namespace

class LedgerPermissions : public ApiTest {};

TEST_F(LedgerPermissions, RoleScopeAndKindAsSpecified) {
  std::string inside = node_id("420102002003001");
  std::string outside = node_id("420102002004001");
  int cells = 0, accepted = 0;
  for (bool in : {true, false}) {
    std::string grid = in ? inside : outside;
    for (const auto& [role, username] : demo_accounts()) {
      HttpClient user = as(username);
      bool sees = in ? kReachInside.count(role) > 0 : kAbove.count(role) > 0;
      EXPECT_EQ(user.get("/api/v1/nodes/" + grid + "/imports").status, sees ? 200 : 404) << role;
      for (const std::string kind : {"buildings", "houses", "residents"}) {
        SCOPED_TRACE(role + " " + kind + (in ? " inside" : " outside"));
        const auto& keepers = kind == "buildings" ? kTreeKeepers : kRegisterKeepers;
        int want = sees ? (keepers.count(role) ? 202 : 403) : 404;
        // A file without the kind's columns: the right decides before the file does.
        auto r = user.request("POST", "/api/v1/nodes/" + grid + "/ledgers/" + kind, "姓名\n",
                              {{"Content-Type", "text/csv"}});
        EXPECT_EQ(r.status, want) << r.body;
        ++cells;
        if (r.status != 202) continue;
        ++accepted;
        std::string url = str(r.json(), "url");
        std::string state;
        EXPECT_TRUE(wait_until(
            [&] {
              state = str(user.get(url).json(), "state");
              return state == "done" || state == "rejected" || state == "failed";
            },
            30000));
        EXPECT_EQ(state, "rejected") << "a file without the columns is refused whole";
      }
    }
  }
  EXPECT_EQ(cells, static_cast<int>(2 * 3 * demo_accounts().size()));
  // Inside: 4 keepers of the tree + 2 × 5 of the register; outside: admin and the street, × 3.
  EXPECT_EQ(accepted, 4 + 10 + 6);
}
