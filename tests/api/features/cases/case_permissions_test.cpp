// The cases feature's permission matrix: role × scope × state × action, written
// from the specification (PRODUCT.md: who dispatches, who handles, who verifies),
// not from the code. Each cell is a fresh case brought to its state, one inside
// the roles' community (保成社区第1网格) and one outside it (泰宁社区). A cell
// checks both what the desk offers (the case's `actions`) and what the server does
// when the action is tried: 200, 403 for one who sees the case but plays no part
// in that step, 404 for one who may not see it at all.
#include <set>

#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {

// Who may read a case located in their subtree (case.read).
const std::set<std::string> kReaders = {"admin",           "leader",
                                        "street_staff",    "community_secretary",
                                        "community_staff", "grid_branch_secretary",
                                        "grid_worker",     "sinking_cadre",
                                        "coordinator"};

struct Cell {
  const char* state;   // the state the case is brought to
  const char* action;  // the step tried
  // Roles that take the step on a case inside their community, and on one outside it
  // (in the same street: only the street's and the city's roles reach it).
  std::set<std::string> inside, outside;
};

const std::vector<Cell> kMatrix = {
    // 受理: the dispatcher of the place (社区 and above).
    {"reported",
     "accept",
     {"admin", "street_staff", "community_secretary", "community_staff"},
     {"admin", "street_staff"}},
    {"reported",
     "reject",
     {"admin", "street_staff", "community_secretary", "community_staff"},
     {"admin", "street_staff"}},
    // 签收: whoever handles cases at the grid it was dispatched to.
    {"dispatched",
     "sign",
     {"admin", "street_staff", "community_secretary", "community_staff", "grid_branch_secretary",
      "grid_worker"},
     {"admin", "street_staff"}},
    // 核查: the grid's own people on the spot.
    {"handled", "verify_pass", {"admin", "grid_branch_secretary", "grid_worker"}, {"admin"}},
};

}  // namespace

class CasePermissions : public ApiTest {
 protected:
  // A case reported at a point of `grid_code` and brought to `state` by the administrator.
  std::string case_in(const std::string& grid_code, const std::string& state) {
    auto [lng, lat] = shape_centre(node_id(grid_code));
    char body[400];
    std::snprintf(
        body, sizeof body,
        R"({"channel":"hotline","kind":"complaint","category":"street_order.illegal_parking","title":"权限矩阵","contact_phone":"13700001111","lng":%.6f,"lat":%.6f})",
        lng, lat);
    auto made = admin_.post("/api/v1/cases", body);
    EXPECT_EQ(made.status, 201) << made.body;
    std::string id = str(made.json(), "id");
    int version = 1;
    std::vector<std::pair<std::string, std::string>> steps;
    if (state != "reported") steps = {{"accept", ""}, {"dispatch", ""}};
    if (state == "handled")
      steps.insert(steps.end(), {{"sign", ""}, {"handle", R"(,"note":"已处理")"}});
    for (const auto& [action, extra] : steps) {
      auto r = admin_.post(
          "/api/v1/cases/" + id + "/actions",
          R"({"action":")" + action + R"(","version":)" + std::to_string(version) + extra + "}");
      EXPECT_EQ(r.status, 200) << action << ": " << r.body;
      version = static_cast<int>(r.json().at("version").as_int64());
    }
    auto now = admin_.get("/api/v1/cases/" + id).json();
    EXPECT_EQ(str(now, "state"), state);
    return id;
  }
  HttpClient admin_ = HttpClient(0);
};

TEST_F(CasePermissions, RoleScopeStateAndActionAsSpecified) {
  admin_ = as("admin");
  int cells = 0;
  for (const auto& cell : kMatrix) {
    for (bool inside : {true, false}) {
      const auto& allowed = inside ? cell.inside : cell.outside;
      for (const auto& [role, username] : demo_accounts()) {
        SCOPED_TRACE(std::string(cell.action) + " on a " + cell.state + " case " +
                     (inside ? "inside" : "outside") + " as " + role);
        std::string id = case_in(inside ? "420102002003001" : "420102002004001", cell.state);
        HttpClient user = as(username);
        auto seen = user.get("/api/v1/cases/" + id);
        bool reads = (inside && kReaders.count(role)) || role == "admin" || role == "leader" ||
                     (role == "street_staff") || allowed.count(role);
        ASSERT_EQ(seen.status, reads ? 200 : 404) << seen.body;
        json::value doc = seen.json();
        bool offered = false;
        if (reads)
          for (const auto& a : doc.at("actions").as_array())
            offered = offered || str(a, "action") == cell.action;
        bool may = allowed.count(role) > 0;
        EXPECT_EQ(offered, may) << "what the desk offers";
        int version = reads ? static_cast<int>(doc.at("version").as_int64()) : 1;
        std::string extra =
            std::string(cell.action) == "reject" ? R"(,"note":"不属于受理范围")" : "";
        auto tried = user.post("/api/v1/cases/" + id + "/actions",
                               R"({"action":")" + std::string(cell.action) + R"(","version":)" +
                                   std::to_string(version) + extra + "}");
        EXPECT_EQ(tried.status, may ? 200 : reads ? 403 : 404) << tried.body;
        ++cells;
      }
    }
  }
  EXPECT_EQ(cells, static_cast<int>(kMatrix.size() * 2 * demo_accounts().size()));
}
