#include <gtest/gtest.h>

#include "platform/http/router.hpp"

using namespace gridgov::http;

namespace {
Response tagged(const char* tag) {
  Response r;
  r.body = tag;
  return r;
}
}  // namespace

TEST(Router, MatchesLiteralsAndParameters) {
  Router r;
  r.add("GET", "/api/v1/nodes/{id}", [](Request&) { return tagged("one"); });
  r.add("GET", "/api/v1/nodes/{id}/children", [](Request&) { return tagged("children"); });
  r.add("POST", "/api/v1/nodes", [](Request&) { return tagged("create"); });
  Request req;
  req.method = "GET";
  req.path = "/api/v1/nodes/42/children";
  auto m = r.match(req);
  ASSERT_EQ(m.outcome, Router::Outcome::kFound);
  EXPECT_EQ(m.route->handler(req).body, "children");
  EXPECT_EQ(req.param("id"), "42");
  EXPECT_EQ(req.route, "/api/v1/nodes/{id}/children");
}

TEST(Router, WrongMethodListsAllowed) {
  Router r;
  r.add("POST", "/api/v1/nodes", [](Request&) { return tagged("create"); });
  Request req;
  req.method = "DELETE";
  req.path = "/api/v1/nodes";
  auto m = r.match(req);
  EXPECT_EQ(m.outcome, Router::Outcome::kWrongMethod);
  EXPECT_EQ(m.allowed, std::vector<std::string>{"POST"});
  req.path = "/api/v1/other";
  EXPECT_EQ(r.match(req).outcome, Router::Outcome::kNotFound);
}

TEST(Router, HeadFallsBackToGetAndDuplicatesThrow) {
  Router r;
  r.add("GET", "/healthz", [](Request&) { return tagged("ok"); });
  Request req;
  req.method = "HEAD";
  req.path = "/healthz";
  EXPECT_EQ(r.match(req).outcome, Router::Outcome::kFound);
  EXPECT_THROW(r.add("GET", "/healthz", [](Request&) { return tagged("x"); }), std::logic_error);
}

TEST(ErrorResponse, ShapeAndLanguage) {
  Request req;
  req.request_id = "r1";
  auto e = gridgov::Error::invalid("name", "名称太长", "Name too long");
  auto zh = error_response(req, e);
  EXPECT_EQ(zh.status, 422);
  EXPECT_NE(zh.body.find(R"("message":"名称太长")"), std::string::npos);
  EXPECT_NE(zh.body.find(R"("field":"name")"), std::string::npos);
  EXPECT_NE(zh.body.find(R"("request_id":"r1")"), std::string::npos);
  req.headers.push_back({"Accept-Language", "en-US,en;q=0.9"});
  EXPECT_NE(error_response(req, e).body.find("Name too long"), std::string::npos);
}
