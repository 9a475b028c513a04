#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

class AuthApi : public ApiTest {};

TEST_F(AuthApi, LoginMeLogout) {
  HttpClient c = anonymous();
  auto login = c.login("worker", kDemoPassword);
  ASSERT_EQ(login.status, 200);
  std::string cookie = login.header("set-cookie");
  EXPECT_NE(cookie.find("gridgov_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  auto me = c.get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(str(me.json(), "username"), "worker");
  auto grants = me.json().at("grants").as_array();
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(str(grants[0], "role"), "grid_worker");
  EXPECT_EQ(c.post("/api/v1/auth/logout", "").status, 204);
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 401);
}

TEST_F(AuthApi, CookieWorksLikeBearer) {
  HttpClient c = anonymous();
  auto login = c.login("worker", kDemoPassword);
  std::string token = str(login.json(), "token");
  HttpClient raw = anonymous();
  auto me = raw.request("GET", "/api/v1/auth/me", "", {{"Cookie", "gridgov_session=" + token}});
  EXPECT_EQ(me.status, 200);
}

TEST_F(AuthApi, WrongPasswordMessagesInBothLanguages) {
  HttpClient c = anonymous();
  auto zh = c.login("resident", "Wrong#Password1");
  EXPECT_EQ(zh.status, 401);
  EXPECT_EQ(str(zh.json().at("error"), "message"), "用户名或密码错误");
  c.set_language("en");
  auto en = c.login("resident", "Wrong#Password1");
  EXPECT_EQ(str(en.json().at("error"), "message"), "Wrong username or password");
}

TEST_F(AuthApi, AdminCreatesGrantsDisablesAndResets) {
  HttpClient admin = as("admin");
  std::string grid = node_id("420102002003001");
  auto created =
      admin.post("/api/v1/accounts",
                 R"({"username":"li.wei","display_name":"李伟","password":"Strong#Pass99"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = str(created.json(), "id");
  EXPECT_EQ(admin
                .post("/api/v1/accounts",
                      R"({"username":"li.wei","display_name":"x","password":"Strong#Pass99"})")
                .status,
            409);
  auto weak = admin.post("/api/v1/accounts",
                         R"({"username":"weak","display_name":"x","password":"short"})");
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(str(weak.json().at("error"), "field"), "password");

  auto grant = admin.post("/api/v1/accounts/" + id + "/grants",
                          R"({"role":"building_leader","node_id":")" + grid + "\"}");
  ASSERT_EQ(grant.status, 201) << grant.body;
  HttpClient li = as("li.wei", "Strong#Pass99");
  EXPECT_EQ(li.get("/api/v1/nodes/" + grid).status, 200);

  // Revoking the grant takes effect on the next request.
  auto revoke =
      admin.request("DELETE", "/api/v1/accounts/" + id + "/grants/" + str(grant.json(), "id"));
  EXPECT_EQ(revoke.status, 204);
  EXPECT_EQ(li.get("/api/v1/nodes/" + grid).status, 404);

  EXPECT_EQ(admin.post("/api/v1/accounts/" + id + "/disable", "").status, 200);
  EXPECT_EQ(li.get("/api/v1/auth/me").status, 401);  // sessions end with the account
  EXPECT_EQ(anonymous().login("li.wei", "Strong#Pass99").status, 403);
  EXPECT_EQ(admin.post("/api/v1/accounts/" + id + "/enable", "").status, 200);
  EXPECT_EQ(
      admin.post("/api/v1/accounts/" + id + "/password", R"({"password":"Another#Pass77"})").status,
      204);
  EXPECT_EQ(anonymous().login("li.wei", "Strong#Pass99").status, 401);
  EXPECT_EQ(anonymous().login("li.wei", "Another#Pass77").status, 200);

  // Every change is in the audit log.
  auto audit = admin.get("/api/v1/audit?entity=account&entity_id=" + id + "&limit=50");
  ASSERT_EQ(audit.status, 200);
  std::vector<std::string> actions;
  for (const auto& row : audit.items()) actions.push_back(str(row, "action"));
  for (const char* a : {"account.create", "account.grant", "account.revoke", "account.disable",
                        "account.enable", "account.password_reset", "auth.login"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), a), actions.end()) << a;
  }
}

TEST_F(AuthApi, ChangeOwnPasswordEndsOtherSessions) {
  HttpClient admin = as("admin");
  ASSERT_EQ(admin
                .post("/api/v1/accounts",
                      R"({"username":"zhou","display_name":"周","password":"First#Pass11"})")
                .status,
            201);
  HttpClient phone = as("zhou", "First#Pass11");
  HttpClient desk = as("zhou", "First#Pass11");
  EXPECT_EQ(desk.post("/api/v1/auth/password",
                      R"({"old_password":"nope","new_password":"Second#Pass22"})")
                .status,
            422);
  EXPECT_EQ(desk.post("/api/v1/auth/password",
                      R"({"old_password":"First#Pass11","new_password":"Second#Pass22"})")
                .status,
            204);
  EXPECT_EQ(desk.get("/api/v1/auth/me").status, 200);
  EXPECT_EQ(phone.get("/api/v1/auth/me").status, 401);
}

TEST_F(AuthApi, LockoutAfterFailuresThroughTheApi) {
  HttpClient admin = as("admin");
  ASSERT_EQ(admin
                .post("/api/v1/accounts",
                      R"({"username":"lockme","display_name":"锁","password":"Right#Pass11"})")
                .status,
            201);
  HttpClient c = anonymous();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(c.login("lockme", "Wrong#Pass11").status, 401);
  EXPECT_EQ(c.login("lockme", "Wrong#Pass11").status, 423);
  EXPECT_EQ(c.login("lockme", "Right#Pass11").status, 423);
}

TEST_F(AuthApi, LoginRateLimitPerIp) {
  TestDb db;
  auto server = std::make_unique<ServerProcess>(
      db.url(), std::vector<std::string>{"--auth-login-per-ip-per-minute", "3"});
  ASSERT_TRUE(server->start()) << server->log();
  HttpClient c(server->port());
  int limited = 0;
  for (int i = 0; i < 6; ++i)
    limited += c.login("ghost" + std::to_string(i), "Wrong#Pass11").status == 429;
  EXPECT_GE(limited, 3);
}

// The client's address in the audit row, the request id beside it (regression: for logins and
// anonymous reports and photos the address column held the request id).
TEST_F(AuthApi, AuditRowsKeepTheClientAddressAndTheRequestId) {
  HttpClient c = anonymous();
  auto login =
      c.request("POST", "/api/v1/auth/login",
                R"({"username":"worker","password":")" + std::string(kDemoPassword) + "\"}",
                {{"X-Request-Id", "audit-ip-check-1"}});
  ASSERT_EQ(login.status, 200);
  std::string grid = node_id("42010200200300101");
  auto report = anonymous().request(
      "POST", "/api/v1/cases",
      R"({"kind":"complaint","category":"street_order.illegal_parking","title":"审计地址",)"
      R"("contact_phone":"13900003333","node_id":")" +
          grid + "\"}",
      {{"X-Request-Id", "audit-ip-check-2"}});
  ASSERT_EQ(report.status, 201) << report.body;
  HttpClient admin = as("admin");
  for (const auto& [action, request] : {std::pair{"auth.login", "audit-ip-check-1"},
                                        std::pair{"case.report", "audit-ip-check-2"}}) {
    SCOPED_TRACE(action);
    auto rows = admin.get(std::string("/api/v1/audit?action=") + action + "&limit=100").items();
    bool found = false;
    for (const auto& row : rows) {
      if (str(row, "request_id") != request) continue;
      found = true;
      EXPECT_EQ(str(row, "ip"), "127.0.0.1");
    }
    EXPECT_TRUE(found) << "no audit row with request id " << request;
  }
}

// Writes carried by the session cookie are refused when another site's page sends them
// (regression: only SameSite=Strict and JSON bodies stood in the way).
TEST_F(AuthApi, CookieWritesFromAnotherSiteAreRefused) {
  HttpClient login = anonymous();
  std::string token = str(login.login("community", kDemoPassword).json(), "token");
  std::string cookie = std::string("gridgov_session=") + token;
  HttpClient raw = anonymous();
  auto write = [&](std::vector<std::pair<std::string, std::string>> headers) {
    return raw.request("POST", "/api/v1/nodes", "{}", headers);
  };
  auto refused = write({{"Cookie", cookie}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(str(refused.json().at("error"), "code"), "cross_origin");
  EXPECT_EQ(write({{"Cookie", cookie}, {"Referer", "https://evil.example/page"}}).status, 403);
  EXPECT_EQ(write({{"Cookie", cookie}, {"Origin", "http://127.0.0.1.evil.example"}}).status, 403);
  // From the app's own pages (Origin names the host asked), the write is read: 422 for {}.
  EXPECT_EQ(write({{"Cookie", cookie}, {"Origin", "http://127.0.0.1"}}).status, 422);
  EXPECT_EQ(write({{"Cookie", cookie}}).status,
            422);  // no Origin: not a browser's cross-site write
  // A Bearer token is never sent by a browser on its own: no check.
  EXPECT_EQ(write({{"Authorization", "Bearer " + token}, {"Origin", "http://evil.example"}}).status,
            422);
}

// A session keeps the client's User-Agent only as valid UTF-8 and at most 256
// characters: a hostile header (invalid bytes, 2,000 of them) still signs in,
// on PostgreSQL too, which refuses invalid UTF-8 in a text column.
TEST_F(AuthApi, AHostileUserAgentStillSignsIn) {
  for (const std::string& agent : {std::string(2000, '\xC3'), std::string(700, 'a') + "浏览器"}) {
    HttpClient c = anonymous();
    auto login =
        c.request("POST", "/api/v1/auth/login",
                  R"({"username":"worker","password":")" + std::string(kDemoPassword) + R"("})",
                  {{"Content-Type", "application/json"}, {"User-Agent", agent}});
    ASSERT_EQ(login.status, 200) << login.body;
    HttpClient me = anonymous();
    me.set_token(str(login.json(), "token"));
    EXPECT_EQ(me.get("/api/v1/auth/me").status, 200);
  }
}
