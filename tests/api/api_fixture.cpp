#include "api/api_fixture.hpp"

#include "support/shapes.hpp"

namespace gridgov::testing {

std::unique_ptr<TestDb> ApiTest::db_;
std::unique_ptr<ServerProcess> ApiTest::server_;
std::string ApiTest::setup_error_;

std::unique_ptr<ServerProcess> start_demo_server(TestDb& db, std::vector<std::string> flags) {
  // Tests log in far more often than people do.
  flags.insert(
      flags.begin(),
      {"--auth-login-per-ip-per-minute", "100000", "--auth-login-per-account-per-minute", "100000",
       // Webhook retries in test time: 0.3 s, 0.6 s … at most 2 s.
       "--webhooks-retry-base-ms", "300", "--webhooks-retry-max-ms", "2000"});
  auto server = std::make_unique<ServerProcess>(db.url(), flags);
  std::string out;
  if (server->run({"demo"}, &out) != 0) {
    ADD_FAILURE() << "gridgov demo failed:\n" << out;
    return nullptr;
  }
  if (!server->start()) {
    ADD_FAILURE() << "server did not start:\n" << server->log();
    return nullptr;
  }
  return server;
}

void ApiTest::SetUpTestSuite() {
  if (server_) return;
  db_ = std::make_unique<TestDb>();
  if (!db_->available()) {
    setup_error_ = "GRIDGOV_TEST_PG_URL is not set";
    return;
  }
  server_ = start_demo_server(*db_);
  if (!server_) setup_error_ = "the shared server did not start";
}

void ApiTest::TearDownTestSuite() {}

void ApiTest::release_shared() {
  server_.reset();
  db_.reset();
}

namespace {
struct ReleaseShared : ::testing::Environment {
  void TearDown() override { ApiTest::release_shared(); }
};
[[maybe_unused]] const auto* kReleaseShared =
    ::testing::AddGlobalTestEnvironment(new ReleaseShared);
}  // namespace

void ApiTest::SetUp() {
  if (!setup_error_.empty()) FAIL() << setup_error_;
}

HttpClient ApiTest::as(const std::string& username, const std::string& password) {
  HttpClient c(server_->port());
  auto r = c.login(username, password);
  EXPECT_EQ(r.status, 200) << "login " << username << ": " << r.body;
  return c;
}

std::pair<double, double> ApiTest::shape_centre(const std::string& node_id, std::size_t i) {
  return ring_centre(as("admin").get("/api/v1/nodes/" + node_id + "/shapes").json(), i);
}

std::string ApiTest::node_id(const std::string& code) {
  auto items = as("admin").get("/api/v1/nodes?code=" + code).items();
  if (items.size() != 1) {
    ADD_FAILURE() << "no node with code " << code;
    return "0";
  }
  return str(items[0], "id");
}

int ApiTest::node_count_under(const std::string& id) {
  HttpClient admin = as("admin");
  auto r = admin.get("/api/v1/nodes/" + id + "/children?limit=500");
  return static_cast<int>(r.items().size());
}

std::string str(const boost::json::value& v, const char* key) {
  if (!v.is_object()) return {};
  auto* p = v.as_object().if_contains(key);
  if (!p || !p->is_string()) return {};
  return std::string(p->as_string());
}

const std::vector<std::pair<std::string, std::string>>& demo_accounts() {
  static const std::vector<std::pair<std::string, std::string>> accounts = {
      {"admin", "admin"},
      {"leader", "leader"},
      {"street_staff", "street"},
      {"community_secretary", "community"},
      {"community_staff", "staff"},
      {"grid_branch_secretary", "gridparty"},
      {"grid_worker", "worker"},
      {"sinking_cadre", "cadre"},
      {"coordinator", "coordinator"},
      {"building_leader", "building"},
      {"second_building_leader", "building2"},
      {"volunteer", "volunteer"},
      {"resident", "resident"},
      {"department_staff", "department"}};
  return accounts;
}

}  // namespace gridgov::testing
