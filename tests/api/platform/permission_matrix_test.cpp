// Every role × inside/outside its subtree × read/write, against the real server.
#include <set>

#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {
// The specification (not the code under test): roles that may edit nodes.
const std::set<std::string> kWriters = {"admin", "street_staff", "community_secretary",
                                        "community_staff"};
const char* kRoles[] = {"admin",
                        "leader",
                        "street_staff",
                        "community_secretary",
                        "community_staff",
                        "grid_branch_secretary",
                        "grid_worker",
                        "building_leader",
                        "coordinator",
                        "sinking_cadre",
                        "department_staff",
                        "volunteer",
                        "resident"};
}  // namespace

class PermissionMatrix : public ApiTest {};

TEST_F(PermissionMatrix, EveryRoleInsideAndOutsideItsSubtree) {
  std::string community = node_id("420102002003");  // where each role is held
  std::string inside = node_id("420102002003002");  // a grid below it
  std::string outside = node_id("420102002004");    // the neighbouring community
  HttpClient admin = as("admin");
  for (const char* role : kRoles) {
    SCOPED_TRACE(role);
    std::string username = std::string("m_") + role;
    for (auto& c : username)
      if (c == '_') c = '-';
    json::object body{{"username", username},
                      {"display_name", role},
                      {"password", kDemoPassword},
                      {"role", role},
                      {"node_id", community}};
    auto created = admin.post("/api/v1/accounts", json::serialize(body));
    ASSERT_EQ(created.status, 201) << created.body;
    HttpClient user = as(username);

    // read
    EXPECT_EQ(user.get("/api/v1/nodes/" + inside).status, 200);
    EXPECT_EQ(user.get("/api/v1/nodes/" + outside).status, 404);  // invisible, not just forbidden

    // write
    for (const auto& [target, in_scope] : {std::pair{inside, true}, std::pair{outside, false}}) {
      auto before = admin.get("/api/v1/nodes/" + target).json();
      std::string new_name = std::string("改名-") + role;
      json::object patch{{"name", new_name}, {"version", before.at("version")}};
      auto r = user.request("PATCH", "/api/v1/nodes/" + target, json::serialize(patch));
      int expected = !in_scope ? 404 : kWriters.count(role) ? 200 : 403;
      EXPECT_EQ(r.status, expected) << (in_scope ? "inside " : "outside ") << r.body;
      auto after = admin.get("/api/v1/nodes/" + target).json();
      EXPECT_EQ(str(after, "name") == new_name, expected == 200);
    }
  }
}

TEST_F(PermissionMatrix, CommunityWorkerCannotCreateUnderNeighbour) {
  HttpClient community = as("community");  // 社区党委书记 of 演示一社区
  std::string own = node_id("420102002003");
  std::string neighbour = node_id("420102002004");
  int neighbour_before = node_count_under(neighbour);
  auto ok = community.post(
      "/api/v1/nodes",
      R"({"parent_id":")" + own + R"(","code":"420102002003009","name":"第9网格","level":"grid"})");
  EXPECT_EQ(ok.status, 201) << ok.body;
  auto refused = community.post(
      "/api/v1/nodes", R"({"parent_id":")" + neighbour +
                           R"(","code":"420102002004009","name":"越权网格","level":"grid"})");
  EXPECT_EQ(refused.status, 422);  // the parent does not exist for this user
  EXPECT_EQ(node_count_under(neighbour), neighbour_before);
}

TEST_F(PermissionMatrix, AccountManagementIsScoped) {
  HttpClient street = as("street");
  // street_staff has no account.manage
  EXPECT_EQ(street.get("/api/v1/accounts").status, 403);
  EXPECT_EQ(street.get("/api/v1/audit").status, 403);
  HttpClient leader = as("leader");
  auto audit = leader.get("/api/v1/audit?limit=5");
  EXPECT_EQ(audit.status, 200);
  // The leader's scope is Wuhan: rows filed at the root (logins) are not theirs to read.
  for (const auto& row : audit.items()) {
    EXPECT_NE(str(row, "node_path"), "/1/");
  }
}

TEST_F(PermissionMatrix, LookupByCodeOnlyFindsNodesInScope) {
  HttpClient worker = as("worker");
  EXPECT_EQ(worker.get("/api/v1/nodes?code=420102002003001").items().size(), 1u);  // own grid
  EXPECT_EQ(worker.get("/api/v1/nodes?code=420102002004").items().size(), 0u);     // neighbour
  EXPECT_EQ(worker.get("/api/v1/nodes?code=420102002003").items().size(), 0u);     // parent
}
