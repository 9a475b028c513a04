// Hostile and careless input: each gets a clear 4xx and nothing is written.
#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

class BadInput : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    community_ = node_id("420102002003");
    before_ = node_count_under(community_);
  }
  void TearDown() override {
    if (!community_.empty()) {
      EXPECT_EQ(node_count_under(community_), before_) << "something was written";
    }
  }
  HttpResponse create(const std::string& body,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpClient c = as("community");
    return c.request("POST", "/api/v1/nodes", body, headers);
  }
  std::string valid(const std::string& name = "网格") {
    return R"({"parent_id":")" + community_ + R"(","code":"420102002003077","name":")" + name +
           R"(","level":"grid"})";
  }
  static std::string error_code(const HttpResponse& r) { return str(r.json().at("error"), "code"); }
  std::string community_;
  int before_ = 0;
};

TEST_F(BadInput, MalformedJson) {
  for (const char* body : {"{", "not json", "[1,2]", "{\"a\":}", "\"just a string\""}) {
    auto r = create(body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(error_code(r), "malformed_json");
    EXPECT_FALSE(str(r.json().at("error"), "message").empty());
  }
}

TEST_F(BadInput, WrongTypesAndMissingFields) {
  auto wrong = create(R"({"parent_id":")" + community_ +
                      R"(","code":420102002003077,"name":"x","level":"grid"})");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(str(wrong.json().at("error"), "field"), "code");
  auto missing =
      create(R"({"parent_id":")" + community_ + R"(","code":"420102002003077","level":"grid"})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(str(missing.json().at("error"), "field"), "name");
  auto bad_id = create(R"({"parent_id":"abc","code":"420102002003077","name":"x","level":"grid"})");
  EXPECT_EQ(bad_id.status, 422);
  EXPECT_EQ(str(bad_id.json().at("error"), "field"), "parent_id");
  auto bad_level = create(R"({"parent_id":")" + community_ +
                          R"(","code":"420102002003077","name":"x","level":"province"})");
  EXPECT_EQ(bad_level.status, 422);
  EXPECT_EQ(str(bad_level.json().at("error"), "field"), "level");
}

TEST_F(BadInput, OverlongStringsAndControlCharacters) {
  std::string long_name;
  for (int i = 0; i < 65; ++i) long_name += "长";
  auto r = create(valid(long_name));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(str(r.json().at("error"), "field"), "name");
  auto ctrl = create(valid("a\\u0000b"));
  EXPECT_EQ(ctrl.status, 422);
}

TEST_F(BadInput, InvalidUtf8) {
  auto r = create(valid("bad\xC0\xAF"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_code(r), "malformed_json");
}

// Found by the hostile run: Open311 echoed a jurisdiction_id of %FF into its 404, raw,
// so the answer was not valid JSON. A target that decodes to invalid UTF-8 is refused.
TEST_F(BadInput, InvalidUtf8InTheTargetIsRefusedNotEchoed) {
  for (const char* target : {"/open311/v2/services.json?jurisdiction_id=%FF",
                             "/api/v1/nodes/%FF%FE", "/api/v1/cases?q=%C0%AF", "/%ED%A0%80"}) {
    auto r = anonymous().get(target);
    EXPECT_EQ(r.status, 400) << target;
    ASSERT_TRUE(r.json().is_object()) << target << ": " << r.body;
    EXPECT_EQ(error_code(r), "bad_target") << target;
  }
  // Well-formed UTF-8, percent-encoded, is still a name like any other.
  EXPECT_EQ(anonymous().get("/api/v1/nodes?q=%E6%B1%9F").status, 401);
}

TEST_F(BadInput, WrongContentType) {
  auto r = create(valid(), {{"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 415);
}

// Media types are case-insensitive and bodies are UTF-8 only (regression: APPLICATION/JSON was
// refused while charset=gbk was taken as UTF-8).
TEST_F(BadInput, MediaTypesAreCaseInsensitiveAndOnlyUtf8) {
  // Read as JSON (and found wanting: nothing is written), not refused as another type.
  EXPECT_EQ(create("{}", {{"Content-Type", "APPLICATION/JSON"}}).status, 422);
  EXPECT_EQ(create("{}", {{"Content-Type", "Application/Json; Charset=\"UTF-8\""}}).status, 422);
  auto gbk = create(valid(), {{"Content-Type", "application/json; charset=gbk"}});
  EXPECT_EQ(gbk.status, 415);
  EXPECT_EQ(error_code(gbk), "unsupported_charset");
  EXPECT_EQ(create(valid(), {{"Content-Type", "application/jsonp"}}).status, 415);
}

TEST_F(BadInput, OversizeBodyRefusedBeforeReading) {
  std::string huge(2 * 1024 * 1024, 'x');
  auto r = create(huge);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(error_code(r), "body_too_large");
}

TEST_F(BadInput, PathTraversalAndBadTargets) {
  for (const char* path :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/.git/config",
        "/assets/../../../etc/passwd"}) {
    std::string raw =
        "GET " + std::string(path) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    auto r = parse_response(raw_exchange(server_->port(), raw));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
  }
  auto bad = parse_response(raw_exchange(
      server_->port(), "GET http//nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_GE(bad.status, 400);
  EXPECT_LT(bad.status, 500);
}

TEST_F(BadInput, UnknownIdsAndBadQueries) {
  HttpClient c = as("community");
  EXPECT_EQ(c.get("/api/v1/nodes/notanid").status, 404);
  EXPECT_EQ(c.get("/api/v1/nodes/999999999999").status, 404);
  EXPECT_EQ(c.get("/api/v1/nodes/" + community_ + "/children?limit=0").status, 422);
  EXPECT_EQ(c.get("/api/v1/nodes/" + community_ + "/children?limit=abc").status, 422);
  EXPECT_EQ(c.get("/api/v1/nodes/" + community_ + "/children?limit=100000").status, 422);
}

TEST_F(BadInput, StaleVersionIsAConflict) {
  HttpClient c = as("community");
  std::string grid = node_id("420102002003002");
  auto node = c.get("/api/v1/nodes/" + grid).json();
  auto v = node.at("version").as_int64();
  json::object first{{"name", "第2网格（新）"}, {"version", v}};
  EXPECT_EQ(c.request("PATCH", "/api/v1/nodes/" + grid, json::serialize(first)).status, 200);
  json::object stale{{"name", "第2网格（旧）"}, {"version", v}};
  auto r = c.request("PATCH", "/api/v1/nodes/" + grid, json::serialize(stale));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(str(c.get("/api/v1/nodes/" + grid).json(), "name"), "第2网格（新）");
}
