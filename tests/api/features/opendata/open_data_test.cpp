// Open data: a period's cases at a place with nothing personal in them, and
// the loop's measures for the place and its parts, as JSON and CSV.
#include "api/api_fixture.hpp"
#include "platform/core/clock.hpp"
#include "support/test_clock.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

class OpenData : public ApiTest {
 protected:
  static std::string period(int days_back) {
    gridgov::Millis now = gridgov::testing::test_now_ms();
    return "&from=" + gridgov::cst_date(now - days_back * gridgov::kDayMs) +
           "&to=" + gridgov::cst_date(now);
  }
};

TEST_F(OpenData, CasesWithNothingPersonal) {
  // A case with a name, a phone, an address and a story in it.
  auto [lng, lat] = shape_centre(node_id("420102002003001"));
  lng += 0.000123;
  lat += 0.000123;
  char body[600];
  std::snprintf(
      body, sizeof body,
      R"({"kind":"help","category":"street_order.illegal_parking","title":"李秀英家门口被堵",)"
      R"("description":"李秀英 13912345678 住 3-201","address":"保成路18号3-201",)"
      R"("contact_name":"李秀英","contact_phone":"13912345678","lng":%.6f,"lat":%.6f})",
      lng, lat);
  auto made = as("community").post("/api/v1/cases", body);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string code = str(made.json(), "code");

  HttpClient c = anonymous();  // open data needs no account
  auto r = c.get("/api/v1/open-data/cases?node=420102002000" + period(40));
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = r.json();
  auto items = v.at("items").as_array();
  ASSERT_GT(items.size(), 100u);  // the demo's month and ours
  EXPECT_FALSE(v.at("truncated").as_bool());
  bool ours = false;
  for (const auto& item : items) {
    const auto& o = item.as_object();
    for (const char* personal : {"title", "description", "address", "contact_name", "contact_phone",
                                 "reporter_id", "building_id"})
      EXPECT_FALSE(o.contains(personal)) << personal;
    EXPECT_EQ(str(item, "code").substr(0, 6), "420102");
    EXPECT_FALSE(str(item, "street").empty());
    if (!o.at("lat").is_null()) {
      double la = o.at("lat").as_double();
      EXPECT_NEAR(la * 1000, std::round(la * 1000), 1e-6);  // three decimals at most
    }
    if (str(item, "code") == code) {
      ours = true;
      EXPECT_EQ(str(item, "category_name"), "机动车乱停放");
      EXPECT_EQ(str(item, "community"), "保成社区");
    }
  }
  EXPECT_TRUE(ours);
  for (const char* secret : {"13912345678", "李秀英", "3-201", "3912"})
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;

  // The same rows as CSV, headed in Chinese.
  auto csv = c.get("/api/v1/open-data/cases?node=420102002000&format=csv" + period(40));
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv.body.find("反映时间"), std::string::npos);
  EXPECT_NE(csv.body.find(code), std::string::npos);
  EXPECT_EQ(csv.body.find("13912345678"), std::string::npos);
  std::size_t lines = 0;
  for (char ch : csv.body) lines += ch == '\n';
  EXPECT_EQ(lines, items.size() + 1);

  // A community's period holds only its own cases.
  auto community = c.get("/api/v1/open-data/cases?node=420102002003" + period(40)).json();
  for (const auto& item : community.at("items").as_array())
    EXPECT_EQ(str(item, "community"), "保成社区");
  EXPECT_LT(community.at("items").as_array().size(), items.size());
}

TEST_F(OpenData, MeasuresForThePlaceAndItsParts) {
  HttpClient c = anonymous();
  auto cases = c.get("/api/v1/open-data/cases?node=420102002000" + period(10)).json();
  auto r = c.get("/api/v1/open-data/measures?node=420102002000" + period(10));
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.json().at("items").as_array();
  ASSERT_GT(items.size(), 1u);
  EXPECT_EQ(str(items[0], "code"), "420102002000");
  long long parts = 0, merged = 0;
  for (std::size_t i = 1; i < items.size(); ++i) {
    EXPECT_EQ(str(items[i], "level"), "community");
    parts += items[i].at("received").as_int64();
  }
  for (const auto& item : cases.at("items").as_array()) merged += str(item, "state") == "merged";
  long long received = items[0].at("received").as_int64();
  EXPECT_EQ(received, parts);
  EXPECT_EQ(received + merged, static_cast<long long>(cases.at("items").as_array().size()));
  auto csv = c.get("/api/v1/open-data/measures?node=420102002000&format=csv" + period(10));
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("420102002000"), std::string::npos);
}

TEST_F(OpenData, BadRequestsSayWhatIsWrong) {
  HttpClient c = anonymous();
  auto field = [&](const std::string& query) {
    auto r = c.get("/api/v1/open-data/cases?" + query);
    EXPECT_EQ(r.status, 422) << query << " " << r.body;
    return str(r.json().at("error"), "field");
  };
  EXPECT_EQ(field("from=2026-01-01&to=2026-01-31"), "node");
  EXPECT_EQ(field("node=abc&from=2026-01-01&to=2026-01-31"), "node");
  EXPECT_EQ(field("node=420102002000&from=2026-1-1&to=2026-01-31"), "from");
  EXPECT_EQ(field("node=420102002000&from=2026-01-01"), "to");
  EXPECT_EQ(field("node=420102002000&from=2026-02-01&to=2026-01-01"), "to");
  EXPECT_EQ(field("node=420102002000&from=2024-01-01&to=2026-01-01"), "to");  // > 366 days
  EXPECT_EQ(c.get("/api/v1/open-data/cases?node=999999999999&from=2026-01-01&to=2026-01-02").status,
            404);
  EXPECT_EQ(c.get("/api/v1/open-data/measures?node=420102002000&from=2026-01-01&to=2026-01-02"
                  "&format=pdf")
                .status,
            422);
}
