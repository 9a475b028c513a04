// A route's body declared once: the declaration parses, Body::parse checks a
// body against it, and a getter refuses a field the declaration does not name.
#include <gtest/gtest.h>

#include "platform/http/body_spec.hpp"
#include "platform/http/json_body.hpp"

using namespace gridgov;
using http::BodySpec;

namespace {
http::Request request_with(const BodySpec& spec, std::string body) {
  http::Request req;
  req.method = "POST";
  req.body = std::move(body);
  req.headers.push_back({"Content-Type", "application/json"});
  req.body_spec = &spec;
  return req;
}
}  // namespace

TEST(BodySpec, ParsesFieldsTypesAndRequired) {
  auto spec = BodySpec::parse("name:string! node_id:id tags:array");
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->kind, BodySpec::Kind::kJson);
  ASSERT_EQ(spec->fields.size(), 3u);
  EXPECT_TRUE(spec->field("name")->required);
  EXPECT_EQ(spec->field("node_id")->type, "id");
  EXPECT_FALSE(spec->field("node_id")->required);
  EXPECT_EQ(spec->field("missing"), nullptr);
  EXPECT_EQ(BodySpec::parse("form: service_code:string!")->kind, BodySpec::Kind::kForm);
  EXPECT_EQ(BodySpec::parse("upload")->kind, BodySpec::Kind::kUpload);
  EXPECT_EQ(BodySpec::parse("none")->kind, BodySpec::Kind::kNone);
  EXPECT_EQ(BodySpec::parse("")->kind, BodySpec::Kind::kUndeclared);
}

TEST(BodySpec, RefusesMalformedDeclarations) {
  EXPECT_FALSE(BodySpec::parse("name:colour!"));
  EXPECT_FALSE(BodySpec::parse("name"));
  EXPECT_FALSE(BodySpec::parse(":string"));
  EXPECT_FALSE(BodySpec::parse("a:string a:integer"));  // a field named twice
  EXPECT_FALSE(BodySpec::parse("form:"));
}

TEST(BodySpec, ParseRequiresDeclaredFieldsAndTheirTypes) {
  auto spec = *BodySpec::parse("name:string! count:integer flag:boolean ids:ids node:id");
  auto missing = http::Body::parse(request_with(spec, R"({"count":1})"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "name");
  EXPECT_EQ(missing.error().message_en, "Missing required field name");

  auto wrong = http::Body::parse(request_with(spec, R"({"name":"x","count":"1"})"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "count");
  EXPECT_EQ(http_status(wrong.error().kind), 422);

  for (const char* bad : {R"({"name":"x","flag":1})", R"({"name":"x","ids":"1"})",
                          R"({"name":"x","node":"abc"})", R"({"name":"x","node":-3})"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(http::Body::parse(request_with(spec, bad)));
  }
  // null is absence: fine for an optional field, missing for a required one.
  EXPECT_TRUE(http::Body::parse(request_with(spec, R"({"name":"x","count":null})")));
  EXPECT_FALSE(http::Body::parse(request_with(spec, R"({"name":null})")));
  auto ok = http::Body::parse(request_with(spec, R"({"name":"x","node":"12","ids":[1]})"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(**ok->id("node", false), 12);
}

TEST(BodySpec, GettersReadOnlyWhatIsDeclared) {
  auto spec = *BodySpec::parse("name:string! count:integer");
  auto body = http::Body::parse(request_with(spec, R"({"name":"x","other":"y","count":2})"));
  ASSERT_TRUE(body);
  EXPECT_EQ(*body->text("name"), "x");
  EXPECT_EQ(**body->integer("count", 0, 9, false), 2);
  // Not declared, or declared as another type: the server's fault, not the caller's.
  auto other = body->text("other");
  ASSERT_FALSE(other);
  EXPECT_EQ(http_status(other.error().kind), 500);
  EXPECT_EQ(other.error().code, "undeclared_field");
  EXPECT_FALSE(body->boolean("name", false));
  // Declared required but read as optional: the description claims what is not so.
  EXPECT_EQ(body->text("name", {.required = false}).error().code, "undeclared_field");
  // Declared optional but needed here (for some actions only): allowed.
  EXPECT_TRUE(body->integer("count", 0, 9, true));
  // A nested body has no declaration of its own and reads anything.
  auto nested = http::Body::from(boost::json::object{{"other", "y"}});
  EXPECT_EQ(*nested.text("other"), "y");
}

TEST(BodySpec, GeoJsonIsAnObjectOrItsText) {
  auto spec = *BodySpec::parse("geometry:geojson!");
  EXPECT_TRUE(http::Body::parse(request_with(spec, R"({"geometry":{"type":"Polygon"}})")));
  EXPECT_TRUE(http::Body::parse(request_with(spec, R"({"geometry":"{\"type\":\"Polygon\"}"})")));
  auto number = http::Body::parse(request_with(spec, R"({"geometry":3})"));
  ASSERT_FALSE(number);
  EXPECT_EQ(number.error().message_en, "Field geometry must be a GeoJSON object or its text");
}

TEST(BodySpec, ARouteDeclaringNoJsonBodyCannotParseOne) {
  auto none = *BodySpec::parse("none");
  auto r = http::Body::parse(request_with(none, "{}"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "undeclared_body");
  // Without a route (a body built in the server) nothing is checked.
  http::Request bare;
  bare.body = R"({"a":1})";
  EXPECT_TRUE(http::Body::parse(bare));
}
