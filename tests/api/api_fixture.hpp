#pragma once
// One real server per test binary run (demo data loaded), shared by the API
// tests that only add data; tests that kill or reconfigure a server start
// their own.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_db.hpp"

namespace gridgov::testing {

constexpr const char* kDemoPassword = "GridGov#2026";

class ApiTest : public ::testing::Test {
 public:
  // Stops the shared server and drops its database (before exit, while libpq still works).
  static void release_shared();

 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  // A client logged in as `username` (a demo account unless created by the test).
  HttpClient as(const std::string& username, const std::string& password = kDemoPassword);
  HttpClient anonymous() { return HttpClient(server_->port()); }
  // Node id by code, via the admin.
  std::string node_id(const std::string& code);
  int node_count_under(const std::string& id);
  // The centre (lng, lat) of feature `i` of a node's shapes (its own or its children's outline),
  // by averaging the outer ring's corners: a point well inside the demo's rectangles.
  std::pair<double, double> shape_centre(const std::string& node_id, std::size_t i = 0);

  static std::unique_ptr<TestDb> db_;
  static std::unique_ptr<ServerProcess> server_;
  static std::string setup_error_;
};

// Starts a server on its own fresh database with the demo loaded.
std::unique_ptr<ServerProcess> start_demo_server(TestDb& db, std::vector<std::string> flags = {});

std::string str(const boost::json::value& v, const char* key);

// The demo's accounts, one per role (role, username), each held in 保成社区 or above
// (the department's at its department): the permission matrices' rows.
const std::vector<std::pair<std::string, std::string>>& demo_accounts();

}  // namespace gridgov::testing
