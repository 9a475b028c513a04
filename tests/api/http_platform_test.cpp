// The HTTP platform: health, metrics, errors, limits, keep-alive, SSE.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api/api_fixture.hpp"

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
  EXPECT_EQ(r.status, 413);
}

TEST_F(HttpPlatform, SlowClientIsCutOff) {
  TestDb db;
  ServerProcess server(db.url(),
                       {"--http-header-timeout-ms", "300", "--http-idle-timeout-ms", "400"});
  ASSERT_TRUE(server.start()) << server.log();
  // Half a request line, then nothing: closed after the header timeout.
  int ms = ms_until_closed(server.port(), "GET /healthz HTTP/1.1\r\nHo", 5000);
  EXPECT_GE(ms, 0) << "connection stayed open";
  EXPECT_LT(ms, 3000);
  // An idle keep-alive connection is closed after the idle timeout.
  int idle = ms_until_closed(server.port(), "", 5000);
  EXPECT_GE(idle, 0);
  EXPECT_LT(idle, 3000);
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
  std::string received;
  std::thread listener([&] {
    std::string req =
        "GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    received = raw_exchange(server_->port(), req, 3000);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  HttpClient admin = as("admin");
  auto in = admin.post(
      "/api/v1/nodes",
      R"({"parent_id":")" + own_grid +
          R"(","code":"42010200200300188","name":"事件测试微网格","level":"microgrid"})");
  ASSERT_EQ(in.status, 201) << in.body;
  auto out = admin.post("/api/v1/nodes",
                        R"({"parent_id":")" + neighbour +
                            R"(","code":"420102002004088","name":"邻居网格","level":"grid"})");
  ASSERT_EQ(out.status, 201) << out.body;
  listener.join();
  EXPECT_NE(received.find("text/event-stream"), std::string::npos);
  EXPECT_NE(received.find("event: node.created"), std::string::npos);
  EXPECT_NE(received.find("事件测试微网格"), std::string::npos);
  EXPECT_EQ(received.find("邻居网格"), std::string::npos);  // outside the worker's scope
}
