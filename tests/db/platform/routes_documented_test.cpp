// Every route the server answers is in the API description, with a summary:
// a route added without one fails here.
#include <boost/json.hpp>
#include <set>

#include "platform/http/openapi.hpp"
#include "platform/http/router.hpp"
#include "support/runtime_fixture.hpp"

using namespace gridgov;
using namespace gridgov::testing;
namespace json = boost::json;

class RoutesDocumented : public RuntimeTest {};

TEST_F(RoutesDocumented, EveryRouteIsDescribed) {
  http::Router router;
  add_routes(router, rt(), [] { return false; });
  ASSERT_GT(router.routes().size(), 80u);
  json::object doc = http::openapi(router, "test");
  EXPECT_EQ(doc.at("openapi").as_string(), "3.0.3");
  const auto& paths = doc.at("paths").as_object();
  std::set<std::string> operation_ids;
  for (const auto& r : router.routes()) {
    SCOPED_TRACE(r.method + " " + r.pattern);
    EXPECT_GE(r.options.summary.size(), 16u) << "a route without a summary that says what it does";
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(paths.contains(r.pattern));
    const auto* op = paths.at(r.pattern).as_object().if_contains(method);
    ASSERT_NE(op, nullptr);
    EXPECT_EQ(op->at("summary").as_string(), r.options.summary);
    EXPECT_TRUE(operation_ids.insert(std::string(op->at("operationId").as_string())).second);
    // Every {parameter} of the path is described.
    std::size_t braces = 0;
    for (const auto& seg : r.segments) braces += seg.starts_with("{");
    EXPECT_EQ(op->at("parameters").as_array().size(), braces);
    EXPECT_EQ(op->at("security").as_array().empty(), !r.options.requires_auth);
    // What a write takes is described: its fields, a file, or nothing at all.
    if (r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
      auto body = http::request_body(r.options.body);
      ASSERT_TRUE(body.has_value())
          << "a write route without a valid body spec: '" << r.options.body << "'";
      EXPECT_EQ(op->as_object().contains("requestBody"), r.options.body != "none");
    } else {
      EXPECT_TRUE(r.options.body.empty()) << "only writes take a body";
    }
  }
  // A body's fields, their types and which are required.
  const auto& login = paths.at("/api/v1/auth/login").at("post").at("requestBody");
  const auto& schema = login.at("content").at("application/json").at("schema");
  EXPECT_EQ(schema.at("properties").at("password").at("type").as_string(), "string");
  EXPECT_EQ(schema.at("required").as_array().size(), 2u);
  const auto& post = paths.at("/open311/v2/requests.xml").at("post").at("requestBody");
  EXPECT_TRUE(post.at("content").as_object().contains("application/x-www-form-urlencoded"));
  EXPECT_FALSE(http::request_body("name:colour!").has_value());
  EXPECT_FALSE(http::request_body("name").has_value());
  // The description describes itself too.
  EXPECT_TRUE(paths.contains("/api/v1/openapi.json"));
  EXPECT_TRUE(paths.contains("/api/docs"));
}
