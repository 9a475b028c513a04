// Open311 GeoReport v2, checked against the published specification
// (http://wiki.open311.org/GeoReport_v2): discovery, service list and
// service definitions in both formats, and the specification's errors.
#include "api/api_fixture.hpp"
#include "platform/core/clock.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

class Open311 : public ApiTest {};

TEST_F(Open311, ServiceListInJsonAndXml) {
  HttpClient c = anonymous();  // the list is public, as the specification has it
  auto j = c.get("/open311/v2/services.json");
  ASSERT_EQ(j.status, 200) << j.body;
  EXPECT_EQ(j.header("content-type"), "application/json; charset=utf-8");
  auto list = j.json().as_array();
  ASSERT_GT(list.size(), 20u);
  bool parking = false;
  for (const auto& s : list) {
    for (const char* field :
         {"service_code", "service_name", "description", "type", "keywords", "group"})
      EXPECT_TRUE(s.as_object().contains(field)) << field;
    EXPECT_TRUE(s.at("metadata").as_bool());
    EXPECT_EQ(str(s, "type"), "realtime");
    parking = parking || str(s, "service_code") == "street_order.illegal_parking";
  }
  EXPECT_TRUE(parking);
  auto x = c.get("/open311/v2/services.xml");
  ASSERT_EQ(x.status, 200);
  EXPECT_EQ(x.header("content-type"), "text/xml; charset=utf-8");
  EXPECT_EQ(x.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service>", 0), 0u)
      << x.body.substr(0, 120);
  EXPECT_NE(x.body.find("<service_code>street_order.illegal_parking</service_code>"),
            std::string::npos);
  // One service per category, the same in both formats.
  std::size_t services = 0;
  for (std::size_t at = 0; (at = x.body.find("<service>", at)) != std::string::npos; ++at)
    ++services;
  EXPECT_EQ(services, list.size());
}

TEST_F(Open311, ServiceDefinitionAndErrors) {
  HttpClient c = anonymous();
  auto d = c.get("/open311/v2/services/street_order.illegal_parking.json");
  ASSERT_EQ(d.status, 200) << d.body;
  json::value v = d.json();
  EXPECT_EQ(str(v, "service_code"), "street_order.illegal_parking");
  auto attributes = v.at("attributes").as_array();
  ASSERT_EQ(attributes.size(), 2u);
  EXPECT_EQ(str(attributes[0], "code"), "urgency");
  EXPECT_EQ(str(attributes[0], "datatype"), "singlevaluelist");
  EXPECT_FALSE(attributes[0].at("values").as_array().empty());
  auto x = c.get("/open311/v2/services/street_order.illegal_parking.xml");
  ASSERT_EQ(x.status, 200);
  EXPECT_NE(x.body.find("<attributes><attribute><variable>true</variable><code>urgency</code>"),
            std::string::npos);

  // The specification's error shape: a list of {code, description}, status as the code.
  auto unknown = c.get("/open311/v2/services/no.such.json");
  ASSERT_EQ(unknown.status, 404);
  auto errors = unknown.json().as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].at("code").as_int64(), 404);
  EXPECT_NE(str(errors[0], "description").find("no.such"), std::string::npos);
  auto unknown_xml = c.get("/open311/v2/services.xml?jurisdiction_id=999999");
  ASSERT_EQ(unknown_xml.status, 404);
  EXPECT_NE(unknown_xml.body.find("<errors><error><code>404</code><description>"),
            std::string::npos);
  EXPECT_EQ(c.get("/open311/v2/services/street_order.illegal_parking").status, 404);  // no format
  // A city we serve, by its division code.
  EXPECT_EQ(c.get("/open311/v2/services.json?jurisdiction_id=420100").status, 200);
}

TEST_F(Open311, Discovery) {
  HttpClient c = anonymous();
  auto j = c.get("/open311/v2/discovery.json");
  ASSERT_EQ(j.status, 200);
  auto endpoint = j.json().at("endpoints").as_array().at(0);
  EXPECT_EQ(str(endpoint, "specification"), "http://wiki.open311.org/GeoReport_v2");
  EXPECT_NE(str(endpoint, "url").find("/open311/v2/"), std::string::npos);
  auto x = c.get("/open311/v2/discovery.xml");
  ASSERT_EQ(x.status, 200);
  EXPECT_NE(x.body.find("<endpoints><endpoint><specification>"), std::string::npos);
  EXPECT_NE(x.body.find("<formats><format>text/xml</format>"), std::string::npos);
  // changeset is a date-time, as the specification has it (regression: "0.1.0").
  EXPECT_TRUE(gridgov::parse_iso8601(str(j.json(), "changeset"))) << j.body;
  EXPECT_TRUE(gridgov::parse_iso8601(str(endpoint, "changeset"))) << j.body;
  // Without an extension: a 404 in the error shape, never the web app's page (regression).
  for (const char* path : {"/open311/v2/requests", "/open311/v2/services", "/open311/v2/discovery",
                           "/open311/v2/nothing/here"}) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("<html"), std::string::npos) << path;
  }
}

// Keys for client systems: issued by an administrator, shown once, listed by prefix, revoked.
TEST_F(Open311, ApiClientKeys) {
  HttpClient admin = as("admin");
  std::string city = node_id("420100000000");
  auto made = admin.post("/api/v1/api-clients", R"({"name":"12345 热线平台","node_id":")" + city +
                                                    R"(","rate_per_minute":120})");
  ASSERT_EQ(made.status, 201) << made.body;
  json::value c = made.json();
  std::string key = str(c, "key");
  EXPECT_EQ(key.rfind("gg_", 0), 0u);
  EXPECT_EQ(key.substr(0, 10), str(c, "key_prefix"));
  auto listed = admin.get("/api/v1/api-clients");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(key), std::string::npos);  // never shown again
  EXPECT_NE(listed.body.find(str(c, "key_prefix")), std::string::npos);
  // Others may not issue or see keys; bad input is refused with the field.
  EXPECT_EQ(as("community")
                .post("/api/v1/api-clients", R"({"name":"自建","node_id":")" + city + R"("})")
                .status,
            403);
  EXPECT_EQ(as("community").get("/api/v1/api-clients").status, 403);
  auto bad = admin.post("/api/v1/api-clients", R"({"name":"x","node_id":")" + city + R"("})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("name"), std::string::npos);
  auto revoked = admin.post("/api/v1/api-clients/" + str(c, "id") + "/revoke", "{}");
  ASSERT_EQ(revoked.status, 200);
  EXPECT_FALSE(revoked.json().at("revoked_at").is_null());
  auto audit = admin.get("/api/v1/audit?entity_id=" + str(c, "id")).json();
  EXPECT_EQ(audit.at("items").as_array().size(), 2u);  // issued, revoked
}
