// The HTTP platform: health, metrics, errors, limits, keep-alive, SSE.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "api/api_fixture.hpp"
#include "support/wait.hpp"

using namespace gridgov::testing;

class HttpPlatform : public ApiTest {};

TEST_F(HttpPlatform, HealthReadyVersion) {
  HttpClient c = anonymous();
  EXPECT_EQ(c.get("/healthz").status, 200);
  EXPECT_EQ(str(c.get("/readyz").json(), "status"), "ready");
  EXPECT_EQ(str(c.get("/api/v1/version").json(), "name"), "gridgov");
}

TEST_F(HttpPlatform, ErrorsHaveOneShapeAndARequestId) {
  HttpClient c = anonymous();
  auto r = c.get("/api/v1/no/such/thing");
  EXPECT_EQ(r.status, 404);
  auto e = r.json().at("error");
  EXPECT_EQ(str(e, "code"), "not_found");
  EXPECT_EQ(str(e, "request_id"), r.header("x-request-id"));
  auto m = c.request("DELETE", "/healthz");
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.header("allow"), "GET");
  auto unauth = c.get("/api/v1/nodes");
  EXPECT_EQ(unauth.status, 401);
  auto echoed = c.request("GET", "/healthz", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(echoed.header("x-request-id"), "abc-123");
}

TEST_F(HttpPlatform, MetricsCountRequestsByRoute) {
  HttpClient c = as("worker");
  c.get("/api/v1/nodes");
  auto m = anonymous().get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(m.body.find(
                R"(gridgov_http_requests_total{route="/api/v1/nodes",method="GET",status="200"})"),
            std::string::npos);
  EXPECT_NE(m.body.find("gridgov_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("gridgov_db_commit_seconds"), std::string::npos);
  EXPECT_NE(m.body.find("gridgov_db_batch_size_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("gridgov_db_read_seconds"), std::string::npos);
}

TEST_F(HttpPlatform, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::string two =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/version HTTP/1.1\r\nHost: "
      "x\r\nConnection: close\r\n\r\n";
  std::string raw = raw_exchange(server_->port(), two);
  std::size_t first = raw.find("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(raw.find("HTTP/1.1 200", first + 1), std::string::npos);
  EXPECT_NE(raw.find("gridgov"), std::string::npos);
}

TEST_F(HttpPlatform, OversizeHeaderIsRefused) {
  std::string raw =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  auto r = parse_response(raw_exchange(server_->port(), raw));
  EXPECT_EQ(r.status, 431);  // Request Header Fields Too Large (RFC 6585)
}

TEST_F(HttpPlatform, SlowClientIsCutOff) {
  TestDb db;
  ServerProcess server(db.url(),
                       {"--http-header-timeout-ms", "300", "--http-idle-timeout-ms", "400"});
  ASSERT_TRUE(server.start()) << server.log();
  // Half a request line, then nothing: closed after the header timeout (300 ms; the
  // 10 s default would outlast the wait).
  EXPECT_EQ(wait_for_close(server.port(), "GET /healthz HTTP/1.1\r\nHo", 5000), Closed::kByServer);
  // A keep-alive connection that served a request and then idles is closed (400 ms).
  std::string answered;
  EXPECT_EQ(
      wait_for_close(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 5000, &answered),
      Closed::kByServer);
  EXPECT_EQ(parse_response(answered).status, 200) << answered;
  // Without those settings the same half request is still open at the deadline: the
  // closes above are the timeouts', not a connection that failed.
  EXPECT_EQ(wait_for_close(server_->port(), "GET /healthz HTTP/1.1\r\nHo", 1000),
            Closed::kStillOpen);
}

TEST_F(HttpPlatform, StaticFilesHaveTypesAndCaching) {
  TestDb db;
  ServerProcess server(db.url());
  ASSERT_TRUE(server.start());
  std::filesystem::create_directories(server.web_root() + "/assets");
  std::ofstream(server.web_root() + "/index.html") << "<!doctype html><title>GridGov</title>";
  std::ofstream(server.web_root() + "/assets/app-3f2a.js") << "export default 1";
  HttpClient c(server.port());
  auto index = c.get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("cache-control"), "no-cache");
  auto js = c.get("/assets/app-3f2a.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js.header("cache-control").find("immutable"), std::string::npos);
  auto again = c.request("GET", "/assets/app-3f2a.js", "", {{"If-None-Match", js.header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(c.get("/dashboard/city").status, 200);  // client-side route
  EXPECT_EQ(c.get("/assets/missing.js").status, 404);
  auto head = c.request("HEAD", "/index.html");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(HttpPlatform, LiveEventsFollowScope) {
  std::string own_grid = node_id("420102002003001");
  std::string neighbour = node_id("420102002004");
  HttpClient worker = as("worker");  // grid worker of 第1网格
  std::string token;
  {
    HttpClient w2 = anonymous();
    token = str(w2.login("worker", kDemoPassword).json(), "token");
  }
  auto subscribers = [&] {
    std::string m = anonymous().get("/metrics").body;
    std::size_t at = m.find("\ngridgov_sse_subscribers ");
    return at == std::string::npos ? -1 : std::atoi(m.c_str() + at + 25);
  };
  int before = subscribers();
  ASSERT_GE(before, 0) << "no subscriber gauge";
  std::string received;
  std::thread listener([&] {
    std::string req =
        "GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    received = raw_exchange_until(server_->port(), req, [](const std::string& got) {
      return got.find("事件测试微网格") != std::string::npos;
    });
  });
  ASSERT_TRUE(wait_until([&] { return subscribers() > before; })) << "the stream never opened";
  HttpClient admin = as("admin");
  // Outside the worker's scope first: were it delivered, it would arrive before the other.
  auto out = admin.post("/api/v1/nodes",
                        R"({"parent_id":")" + neighbour +
                            R"(","code":"420102002004088","name":"邻居网格","level":"grid"})");
  ASSERT_EQ(out.status, 201) << out.body;
  auto in = admin.post(
      "/api/v1/nodes",
      R"({"parent_id":")" + own_grid +
          R"(","code":"42010200200300188","name":"事件测试微网格","level":"microgrid"})");
  ASSERT_EQ(in.status, 201) << in.body;
  listener.join();
  EXPECT_NE(received.find("text/event-stream"), std::string::npos);
  EXPECT_NE(received.find("event: node.created"), std::string::npos);
  EXPECT_NE(received.find("事件测试微网格"), std::string::npos);
  EXPECT_EQ(received.find("邻居网格"), std::string::npos);  // outside the worker's scope
}

TEST_F(HttpPlatform, MetricsStayBoundedWhateverMethodsClientsInvent) {
  HttpClient c = anonymous();
  auto series = [&] {
    std::string m = c.get("/metrics").body;
    return std::count(m.begin(), m.end(), '\n');
  };
  // Warm up the labels an invented method may take (its route, its status), then count.
  c.request("FROB0", "/healthz");
  c.request("FROB0", "/no/such/path");
  auto before = series();
  for (int i = 1; i <= 300; ++i) {
    std::string method = "FROB" + std::to_string(i);
    EXPECT_NE(c.request(method, i % 2 ? "/healthz" : "/no/such/path").status, 0);
  }
  std::string after = c.get("/metrics").body;
  EXPECT_EQ(after.find("FROB"), std::string::npos);  // no method a client made up is a label
  EXPECT_NE(after.find(R"(method="OTHER")"), std::string::npos);
  EXPECT_LE(std::count(after.begin(), after.end(), '\n'), before + 5);
}

TEST_F(HttpPlatform, EveryRequestCountsAgainstTheAddressRate) {
  TestDb db;
  ServerProcess server(db.url(), {"--limits-ip-rps", "5"});
  ASSERT_TRUE(server.start()) << server.log();
  HttpClient c(server.port());
  int limited = 0, answered = 0;
  for (int i = 0; i < 60; ++i) {
    auto r = c.get("/no/such/path/" + std::to_string(i));
    answered += r.status != 0;
    limited += r.status == 429;
  }
  EXPECT_EQ(answered, 60);
  EXPECT_GT(limited, 0) << "404s were never limited";
}

TEST_F(HttpPlatform, MetricsMayBeLimitedToATokenOrAddresses) {
  TestDb db;
  ServerProcess by_token(db.url(), {"--metrics-token", "s3cret-token"});
  ASSERT_TRUE(by_token.start()) << by_token.log();
  HttpClient c(by_token.port());
  EXPECT_EQ(c.get("/metrics").status, 403);
  EXPECT_EQ(c.request("GET", "/metrics", "", {{"Authorization", "Bearer wrong-token!"}}).status,
            403);
  auto ok = c.request("GET", "/metrics", "", {{"Authorization", "Bearer s3cret-token"}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("gridgov_http_requests_total"), std::string::npos);
  by_token.terminate();

  TestDb db2;
  ServerProcess elsewhere(db2.url(), {"--metrics-allow", "10.1.2.3, 192.0.2.9"});
  ASSERT_TRUE(elsewhere.start()) << elsewhere.log();
  EXPECT_EQ(HttpClient(elsewhere.port()).get("/metrics").status, 403);
  elsewhere.terminate();

  TestDb db3;
  ServerProcess here(db3.url(), {"--metrics-allow", "10.1.2.3,127.0.0.1"});
  ASSERT_TRUE(here.start()) << here.log();
  EXPECT_EQ(HttpClient(here.port()).get("/metrics").status, 200);
}

TEST_F(HttpPlatform, LiveStreamsEndWithTheirSessionOrAChangeToTheAccount) {
  HttpClient admin = as("admin");
  std::string grid = node_id("420102002003001");
  auto made = admin.post("/api/v1/accounts", R"({"username":"sse.watcher","display_name":"看板",)"
                                             R"("password":"Watcher#2026x","role":"grid_worker",)"
                                             R"("node_id":")" +
                                                 grid + "\"}");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string account = str(made.json(), "id");
  // Opens a stream with a fresh session; the outcome arrives when the server closes it.
  auto stream = [&](std::string& token) {
    HttpClient login(server_->port());
    token = str(login.login("sse.watcher", "Watcher#2026x").json(), "token");
    std::string req =
        "GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    return std::async(std::launch::async, [this, req] {
      std::string got;
      return std::make_pair(wait_for_close(server_->port(), req, 20000, &got), got);
    });
  };
  auto subscribers = [&] {
    std::string m = anonymous().get("/metrics").body;
    std::size_t at = m.find("\ngridgov_sse_subscribers ");
    return at == std::string::npos ? -1 : std::atoi(m.c_str() + at + 25);
  };
  auto opened = [&](int before) { return wait_until([&] { return subscribers() > before; }); };

  // Logging out ends the stream.
  std::string token;
  int before = subscribers();
  auto first = stream(token);
  ASSERT_TRUE(opened(before));
  HttpClient same(server_->port());
  same.set_token(token);
  ASSERT_EQ(same.post("/api/v1/auth/logout", "{}").status, 204);
  auto [closed, got] = first.get();
  EXPECT_EQ(closed, Closed::kByServer);
  EXPECT_NE(got.find("text/event-stream"), std::string::npos) << got;

  // A grant taken away ends it too (the client reconnects and is checked afresh).
  before = subscribers();
  auto second = stream(token);
  ASSERT_TRUE(opened(before));
  auto acc = admin.get("/api/v1/accounts/" + account).json();
  std::string grant = str(acc.at("grants").as_array().at(0), "id");
  ASSERT_EQ(admin.request("DELETE", "/api/v1/accounts/" + account + "/grants/" + grant).status,
            204);
  EXPECT_EQ(second.get().first, Closed::kByServer);

  // And so does disabling the account.
  ASSERT_EQ(admin
                .post("/api/v1/accounts/" + account + "/grants",
                      R"({"role":"grid_worker","node_id":")" + grid + "\"}")
                .status,
            201);
  before = subscribers();
  auto third = stream(token);
  ASSERT_TRUE(opened(before));
  ASSERT_EQ(admin.post("/api/v1/accounts/" + account + "/disable", "{}").status, 200);
  EXPECT_EQ(third.get().first, Closed::kByServer);
}
