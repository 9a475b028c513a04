// Nothing half-written: each feature's writes, taken through their real
// handlers on the demo city, are failed at every statement the writer runs in
// turn (and at the COMMIT) by the fault injector on the real SQLite database;
// after each failure every table holds exactly what it held before, and the
// same request then succeeds.
#include <gtest/gtest.h>

#include <soci/soci.h>
#include <boost/json.hpp>
#include <functional>
#include <map>

#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "features/registry/identity.hpp"
#include "platform/http/router.hpp"
#include "support/db_snapshot.hpp"
#include "support/runtime_fixture.hpp"
#include "support/shapes.hpp"

using namespace gridgov;
using namespace gridgov::testing;
namespace json = boost::json;

namespace {

Snapshot snapshot(Database& db) {
  return db.read([](soci::session& s) { return sqlite_snapshot(s); });
}

class AtomicWrites : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    if (HasFatalFailure()) return;
    if (db().backend() != Backend::kSqlite)
      GTEST_SKIP() << "the fault injector hooks SQLite; PostgreSQL keeps the same code paths";
    ASSERT_EQ(cmd_demo(rt(), DemoOptions{}), 0);
    for (const auto& m : rt().modules)  // as serving does: caches, the grids' index
      if (m.start) {
        ASSERT_TRUE(m.start(*rt().services)) << m.name;
      }
    add_routes(router_, rt(), [] { return false; });
    // Signed in before any fault is armed: a login is a write of its own.
    for (const char* user : {"admin", "street", "staff", "resident"}) as(user);
  }

  const std::shared_ptr<const Principal>& as(const std::string& user) {
    auto& p = principals_[user];
    if (!p) {
      auto login = rt().sessions->login(user, "GridGov#2026", "127.0.0.1", "test", "login");
      EXPECT_TRUE(login) << user << ": " << (login ? "" : login.error().message_en);
      if (login) p = login->principal;
    }
    return p;
  }

  http::Response call(const std::string& user, const std::string& method, const std::string& path,
                      const std::string& body = {}, std::vector<http::Header> headers = {}) {
    http::Request req;
    req.method = method;
    req.target = path;
    req.path = path.substr(0, path.find('?'));
    if (auto q = path.find('?'); q != std::string::npos) {
      // name=value pairs as written here: nothing to decode
      std::string rest = path.substr(q + 1);
      for (std::size_t at = 0; at < rest.size();) {
        auto amp = rest.find('&', at);
        std::string pair = rest.substr(at, amp - at);
        auto eq = pair.find('=');
        req.query.emplace_back(pair.substr(0, eq),
                               eq == std::string::npos ? "" : pair.substr(eq + 1));
        at = amp == std::string::npos ? rest.size() : amp + 1;
      }
    }
    req.body = body;
    req.headers = std::move(headers);
    if (!body.empty()) req.headers.push_back({"Content-Type", "application/json"});
    req.remote_ip = "127.0.0.1";
    req.request_id = "atomic-test";
    if (!user.empty()) req.principal = as(user);
    auto m = router_.match(req);
    if (m.outcome != http::Router::Outcome::kFound) {
      ADD_FAILURE() << "no route " << method << " " << path;
      return {};
    }
    return m.route->handler(req);
  }

  std::string id_of(const std::string& code) {
    auto r = call("admin", "GET", "/api/v1/nodes?code=" + code);
    return std::string(json::parse(r.body).at("items").as_array().at(0).at("id").as_string());
  }

  // Fails `write` at its 1st, 2nd, … statement until it gets through; then
  // once at the COMMIT. Returns the successful response.
  http::Response fails_cleanly(const char* what, const std::function<http::Response()>& write) {
    SCOPED_TRACE(what);
    int failed = 0;
    for (int n = 1; n <= 500; ++n) {
      Snapshot before = snapshot(db());
      EXPECT_TRUE(db().inject_fault({.fail_statement = n}));
      http::Response r = write();
      if (r.status < 300) {
        EXPECT_TRUE(db().inject_fault({}));  // it needed fewer: disarm
        EXPECT_GE(failed, 3) << "a write of fewer statements than the batch's own";
        return r;
      }
      ++failed;
      EXPECT_GE(r.status, 500) << "statement " << n << ": " << r.body;
      Snapshot after = snapshot(db());
      EXPECT_TRUE(after == before) << "statement " << n << " left: " << differences(before, after);
      if (HasFailure()) break;
    }
    ADD_FAILURE() << "never succeeded";
    return {};
  }

  void commit_fails_cleanly(const char* what, const std::function<http::Response()>& write) {
    SCOPED_TRACE(what);
    Snapshot before = snapshot(db());
    EXPECT_TRUE(db().inject_fault({.fail_commit = true}));
    http::Response r = write();
    EXPECT_EQ(r.status, 503) << r.body;
    Snapshot after = snapshot(db());
    EXPECT_TRUE(after == before) << "a failed COMMIT left: " << differences(before, after);
  }

  http::Router router_;
  std::map<std::string, std::shared_ptr<const Principal>> principals_;
};

}  // namespace

TEST_F(AtomicWrites, EveryFeaturesWritesFailWhole) {
  std::string community = id_of("420102002003"), micro = id_of("42010200200300201");

  // org: a node, and a building with its houses (many rows in one write).
  auto node = [&] {
    return call("admin", "POST", "/api/v1/nodes",
                R"({"parent_id":")" + community +
                    R"(","code":"420102002003991","name":"原子网格","level":"grid"})");
  };
  commit_fails_cleanly("node", node);
  EXPECT_EQ(fails_cleanly("node", node).status, 201);

  auto [lng, lat] = ring_centre(json::parse(
      call("admin", "GET", "/api/v1/nodes/" + id_of("420102002003002") + "/shapes").body));
  char building_body[300];
  std::snprintf(building_body, sizeof building_body,
                R"({"microgrid_id":"%s","name":"原子楼","lng":%.6f,"lat":%.6f,"floors":2,)"
                R"("units":1,"houses_per_floor":2})",
                micro.c_str(), lng, lat);
  auto building = fails_cleanly(
      "building", [&] { return call("street", "POST", "/api/v1/buildings", building_body); });
  ASSERT_EQ(building.status, 201) << building.body;
  std::string building_id(json::parse(building.body).at("id").as_string());
  auto houses =
      json::parse(call("street", "GET", "/api/v1/buildings/" + building_id + "/houses").body);
  std::string house(houses.at("items").as_array().at(0).at("id").as_string());

  // registry: a person (sealed identity number, household, audit).
  std::string identity = "11010519560307123";
  identity += registry::identity_check_char(identity);
  EXPECT_EQ(fails_cleanly("person",
                          [&] {
                            return call("staff", "POST", "/api/v1/persons",
                                        R"({"house_id":")" + house +
                                            R"(","name":"原子测试","identity_number":")" +
                                            identity +
                                            R"(",)"
                                            R"("phone":"13912340009"})");
                          })
                .status,
            201);

  // cases: a resident's report (located, numbered, history, audit, daily sums).
  std::string report =
      R"({"kind":"complaint","category":"street_order.illegal_parking",)"
      R"("title":"原子诉求","lng":114.285,"lat":30.588})";  // in the sample street's grids
  auto case_made =
      fails_cleanly("case", [&] { return call("resident", "POST", "/api/v1/cases", report); });
  ASSERT_EQ(case_made.status, 201) << case_made.body;
  commit_fails_cleanly("case", [&] { return call("resident", "POST", "/api/v1/cases", report); });

  // cases: the calendar.
  EXPECT_EQ(fails_cleanly("calendar day",
                          [&] {
                            return call("admin", "PUT", "/api/v1/calendar/2027-01-04",
                                        R"({"kind":"holiday","note":"测试"})");
                          })
                .status,
            200);

  // open311: a client system and its key; webhooks: its subscription.
  auto client = fails_cleanly("api client", [&] {
    return call("admin", "POST", "/api/v1/api-clients",
                R"({"name":"原子系统","node_id":")" + community + R"(","rate_per_minute":600})");
  });
  ASSERT_EQ(client.status, 201) << client.body;
  std::string key(json::parse(client.body).at("key").as_string());
  EXPECT_EQ(fails_cleanly("webhook",
                          [&] {
                            return call(
                                "", "POST", "/api/v1/webhooks",
                                R"({"url":"http://127.0.0.1:9/hook","events":["case.created"]})",
                                {{"X-Api-Key", key}});
                          })
                .status,
            201);

  // accounts (platform): a new account with its grant.
  EXPECT_EQ(
      fails_cleanly("account",
                    [&] {
                      return call(
                          "admin", "POST", "/api/v1/accounts",
                          R"({"username":"atomic","display_name":"原子","password":"Zq#Lw2026xy",)"
                          R"("role":"grid_worker","node_id":")" +
                              id_of("420102002003001") + R"("})");
                    })
          .status,
      201);
}
