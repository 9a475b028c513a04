// Client systems' permission matrix: role × action, written from the
// specification (PRODUCT.md: other systems connect with an API key scoped to a
// node, issued by the platform's administrators; their webhooks are theirs).
// People other than administrators may neither issue, list nor revoke keys, nor
// register webhooks for a system — and learn nothing of what a body lacks (403
// before 422).
#include <set>

#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

class ClientPermissions : public ApiTest {};

TEST_F(ClientPermissions, OnlyAdministratorsManageClientSystems) {
  const std::set<std::string> kManagers = {"admin"};
  std::string community = node_id("420102002003");
  int cells = 0, issued = 0;
  for (const auto& [role, username] : demo_accounts()) {
    SCOPED_TRACE(role);
    bool may = kManagers.count(role) > 0;
    HttpClient user = as(username);
    EXPECT_EQ(user.get("/api/v1/api-clients").status, may ? 200 : 403);
    EXPECT_EQ(user.post("/api/v1/api-clients", "{}").status, may ? 422 : 403);
    auto made = user.post("/api/v1/api-clients",
                          R"({"name":"矩阵系统 )" + role + R"(","node_id":")" + community + "\"}");
    EXPECT_EQ(made.status, may ? 201 : 403) << made.body;
    // Someone's system, made by an administrator: only a manager may revoke it or
    // register a webhook for it; to anyone else it does not exist.
    auto theirs = as("admin")
                      .post("/api/v1/api-clients",
                            R"({"name":"他人系统 )" + role + R"(","node_id":")" + community + "\"}")
                      .json();
    std::string id = str(theirs, "id");
    ASSERT_FALSE(id.empty());
    EXPECT_EQ(user.post("/api/v1/webhooks", "{}").status, may ? 422 : 403);
    auto hook =
        user.post("/api/v1/webhooks", R"({"client_id":")" + id +
                                          R"(","url":"http://127.0.0.1:9/h","events":["ping"]})");
    EXPECT_EQ(hook.status, may ? 201 : 403) << hook.body;
    auto revoked = user.post("/api/v1/api-clients/" + id + "/revoke", "");
    EXPECT_EQ(revoked.status, may ? 200 : 404) << revoked.body;
    issued += made.status == 201;
    ++cells;
  }
  EXPECT_EQ(cells, static_cast<int>(demo_accounts().size()));
  EXPECT_EQ(issued, static_cast<int>(kManagers.size()));
}
