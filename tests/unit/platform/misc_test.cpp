#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <boost/json.hpp>
#include "platform/auth/passwords.hpp"
#include "platform/auth/rate_limit.hpp"
#include "platform/core/metrics.hpp"
#include "platform/http/sse.hpp"
#include "platform/http/static_files.hpp"
#include "platform/log/log.hpp"
#include "platform/text/text.hpp"

using namespace gridgov;

TEST(PasswordRules, Enforced) {
  EXPECT_TRUE(passwords::check_rules("GridGov#2026", "alice", 10).ok());
  EXPECT_FALSE(passwords::check_rules("Short#1", "alice", 10).ok());            // too short
  EXPECT_FALSE(passwords::check_rules("alllowercaseletters", "bob", 10).ok());  // one class
  EXPECT_FALSE(passwords::check_rules("Alice#12345", "alice", 10).ok());        // contains username
  EXPECT_FALSE(passwords::check_rules(std::string(200, 'A') + "a1", "bob", 10).ok());
  EXPECT_EQ(passwords::check_rules("abc", "x", 10).error().field, "password");
}

TEST(Passwords, HashAndVerify) {
  passwords::init(2);
  auto h = passwords::hash("GridGov#2026");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(*passwords::verify(*h, "GridGov#2026"));
  EXPECT_FALSE(*passwords::verify(*h, "GridGov#2027"));
  EXPECT_FALSE(*passwords::verify("garbage", "GridGov#2026"));
}

TEST(RateLimiter, RefillsOverTime) {
  RateLimiter r(1.0, 3.0);
  EXPECT_TRUE(r.allow("k", 0));
  EXPECT_TRUE(r.allow("k", 0));
  EXPECT_TRUE(r.allow("k", 0));
  EXPECT_FALSE(r.allow("k", 0));
  EXPECT_TRUE(r.allow("other", 0));  // keys are independent
  EXPECT_GE(r.retry_after("k", 0), 1);
  EXPECT_TRUE(r.allow("k", 1000));
  EXPECT_FALSE(r.allow("k", 1000));
  RateLimiter off(0, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(off.allow("k", 0));
}

TEST(Sse, FormatsAndFilters) {
  http::EventHub hub;
  auto in = hub.subscribe([](const http::Event& e) { return e.node_path.rfind("/1/5/", 0) == 0; });
  hub.publish({"node.created", "/1/5/9/", "{\"a\":1}"});
  hub.publish({"node.created", "/1/6/", "{\"a\":2}"});
  std::string text = in->drain();
  EXPECT_NE(text.find("event: node.created\ndata: {\"a\":1}\n\n"), std::string::npos);
  EXPECT_EQ(text.find("\"a\":2"), std::string::npos);
  EXPECT_EQ(http::format_event({"t", "", "a\nb", 0}), "event: t\ndata: a\ndata: b\n\n");
  EXPECT_EQ(hub.subscribers(), 1u);
  in.reset();
  EXPECT_EQ(hub.subscribers(), 0u);
}

TEST(Sse, SlowSubscriberIsBoundedAndToldItMissedEvents) {
  http::Subscription s(nullptr, 3);
  for (int i = 0; i < 10; ++i) s.offer({"t", "/1/", std::to_string(i), 0});
  std::string text = s.drain();
  EXPECT_NE(text.find("event: overflow"), std::string::npos);
  EXPECT_NE(text.find("data: 9"), std::string::npos);
  EXPECT_EQ(text.find("data: 0\n"), std::string::npos);
}

TEST(Metrics, RendersPrometheusText) {
  metrics::Registry r;
  r.counter("x_total", "X things", metrics::label("route", "/a\"b")).inc(3);
  r.histogram("y_seconds", "Y", {0.1, 1}).observe(0.5);
  std::string t = r.render();
  EXPECT_NE(t.find("# TYPE x_total counter"), std::string::npos);
  EXPECT_NE(t.find(R"(x_total{route="/a\"b"} 3)"), std::string::npos);
  EXPECT_NE(t.find(R"(y_seconds_bucket{le="0.1"} 0)"), std::string::npos);
  EXPECT_NE(t.find(R"(y_seconds_bucket{le="1"} 1)"), std::string::npos);
  EXPECT_NE(t.find(R"(y_seconds_bucket{le="+Inf"} 1)"), std::string::npos);
  EXPECT_NE(t.find("y_seconds_count 1"), std::string::npos);
}

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::path(::testing::TempDir()) / "gg-static";
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "web" / "assets");
    std::ofstream(root_ / "web" / "index.html") << "<html>app</html>";
    std::ofstream(root_ / "web" / "assets" / "app-1a2b.js") << "console.log(1)";
    std::ofstream(root_ / "web" / ".env") << "SECRET=1";
    std::ofstream(root_ / "secret.txt") << "outside";
  }
  std::optional<http::Response> get(const std::string& path) {
    http::Request req;
    req.method = "GET";
    req.path = path;
    return http::serve_static((root_ / "web").string(), req);
  }
  std::filesystem::path root_;
};

TEST_F(StaticFiles, ServesWithTypesAndCaching) {
  auto index = get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  auto asset = get("/assets/app-1a2b.js");
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->content_type, "text/javascript; charset=utf-8");
  bool immutable = false;
  for (const auto& h : asset->headers) immutable |= h.value.find("immutable") != std::string::npos;
  EXPECT_TRUE(immutable);
  auto route = get("/cases/123");  // client-side route → index.html
  ASSERT_TRUE(route);
  EXPECT_NE(route->file_path.find("index.html"), std::string::npos);
}

TEST_F(StaticFiles, NoTraversalNoHiddenFiles) {
  EXPECT_FALSE(get("/../secret.txt"));
  EXPECT_FALSE(get("/assets/../../secret.txt"));
  EXPECT_FALSE(get("/.env"));
  EXPECT_FALSE(get("/assets/missing.js"));
  EXPECT_FALSE(get(std::string("/index.html\0.js", 16)));
  EXPECT_EQ(http::mime_type("a.WOFF2"), "font/woff2");
}

TEST(Log, LinesAreValidJsonWhateverTheFieldsHold) {
  std::string line;
  log::format_line(line, log::Level::kInfo, "access",
                   {{"path", "/a\"b\\c\nd\x01"}, {"status", 200}, {"ms", 1.5}, {"ok", true}});
  boost::system::error_code ec;
  auto v = boost::json::parse(line, ec);
  ASSERT_FALSE(ec) << line;
  EXPECT_EQ(v.at("path").as_string(), "/a\"b\\c\nd\x01");
  EXPECT_EQ(v.at("status").as_int64(), 200);
  EXPECT_EQ(v.at("event").as_string(), "access");
  EXPECT_EQ(v.at("ts").as_string().size(), 24u);
}

// A path's bytes that are not UTF-8 never reach the log raw (regression: they did, and the
// line was no longer valid JSON for a strict reader); valid Chinese passes untouched.
TEST(Log, BytesThatAreNotUtf8AreReplaced) {
  std::string line;
  log::format_line(line, log::Level::kInfo, "access",
                   {{"path", "/网格\xff\xfe/\xc0\xaf/\xed\xa0\x80/\xe4\xb8"}});
  EXPECT_TRUE(gridgov::text::valid_utf8(line)) << line;
  boost::system::error_code ec;
  auto v = boost::json::parse(line, ec);
  ASSERT_FALSE(ec) << line;
  EXPECT_EQ(
      v.at("path").as_string(),
      "/网格\xEF\xBF\xBD\xEF\xBF\xBD/\xEF\xBF\xBD\xEF\xBF\xBD/\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD/"
      "\xEF\xBF\xBD\xEF\xBF\xBD");
}
