// Lists as spreadsheets: the rows the caller may see, masked as on screen,
// revealed only for those who may and with a reason, every export audited.
#include <algorithm>

#include "api/api_fixture.hpp"
#include "platform/text/table.hpp"

using namespace gridgov::testing;
namespace json = boost::json;
using gridgov::table::Format;

namespace {
std::vector<std::vector<std::string>> rows_of(const HttpResponse& r, Format f) {
  std::vector<std::vector<std::string>> rows;
  auto reader = gridgov::table::Reader::open(r.body, f);
  EXPECT_TRUE(reader) << r.body.substr(0, 200);
  if (!reader) return rows;
  std::vector<std::string> cells;
  while ((*reader)->next(cells)) rows.push_back(cells);
  return rows;
}
std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
}
}  // namespace

class Exports : public ApiTest {};

TEST_F(Exports, PeopleAreExportedMaskedAndRevealedOnlyWithAReason) {
  std::string community = node_id("420102002003");
  std::string url = "/api/v1/nodes/" + community + "/persons";
  auto sheet = as("staff").get(url + "?format=xlsx");
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  EXPECT_EQ(sheet.header("content-type"), std::string(gridgov::table::kXlsxType));
  auto rows = rows_of(sheet, Format::kXlsx);
  ASSERT_GT(rows.size(), 51u);  // the whole list, not one page
  std::size_t id_col = column(rows[0], "身份证号"), rel_col = column(rows[0], "与户主关系");
  ASSERT_LT(id_col, rows[0].size());
  ASSERT_LT(rel_col, rows[0].size());
  int heads = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (id_col < rows[i].size() && !rows[i][id_col].empty()) {
      EXPECT_NE(rows[i][id_col].find("**********"), std::string::npos) << rows[i][id_col];
    }
    heads += rel_col < rows[i].size() && rows[i][rel_col] == "户主";
  }
  EXPECT_GT(heads, 0);  // values in words, not codes

  // In full only for a role that may reveal, with a reason; audited.
  EXPECT_EQ(as("staff").get(url + "?format=csv&reveal=true&reason=%E6%A0%B8%E5%AF%B9").status, 403);
  EXPECT_EQ(as("community").get(url + "?format=csv&reveal=true").status, 422);
  auto full = as("community")
                  .get(url +
                       "?format=csv&reveal=true&reason=%E4%BD%8F%E6%88%BF%E8%A1%A5%E8%B4%B4%E6%A0%"
                       "B8%E5%AF%B9");
  ASSERT_EQ(full.status, 200) << full.body;
  auto full_rows = rows_of(full, Format::kCsv);
  std::size_t full_id = column(full_rows[0], "身份证号");
  int revealed = 0;
  for (std::size_t i = 1; i < full_rows.size(); ++i)
    revealed += full_id < full_rows[i].size() && full_rows[i][full_id].size() == 18 &&
                full_rows[i][full_id].find('*') == std::string::npos;
  EXPECT_GT(revealed, 0);
  auto audit = as("admin").get("/api/v1/audit?action=person.export_reveal").json();
  ASSERT_FALSE(audit.at("items").as_array().empty());
  EXPECT_NE(json::serialize(audit).find("住房补贴核对"), std::string::npos);
  // The reveal flag means nothing on the JSON list (one person at a time, by POST).
  auto page = as("community").get(url + "?reveal=true&reason=x");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("**********"), std::string::npos);
}

TEST_F(Exports, CasesInChineseOrEnglishAndEveryExportAudited) {
  HttpClient community = as("community");
  auto made =
      community.request("POST", "/api/v1/cases/import",
                        "类型,类别,标题,节点编码\n投诉,机动车乱停放,导出测试,420102002003\n",
                        {{"Content-Type", "text/csv"}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto csv = community.get("/api/v1/cases?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.header("content-disposition").find(".csv"), std::string::npos);
  auto rows = rows_of(csv, Format::kCsv);
  ASSERT_GT(rows.size(), 1u) << csv.body.substr(0, 300);
  EXPECT_LT(column(rows[0], "案件编号"), rows[0].size());
  std::size_t state = column(rows[0], "状态");
  ASSERT_LT(state, rows[0].size());
  EXPECT_EQ(rows[1][state].find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos)
      << rows[1][state];  // the state in words
  HttpClient english = as("community");
  english.set_language("en");
  auto en_rows = rows_of(english.get("/api/v1/cases?format=csv"), Format::kCsv);
  ASSERT_FALSE(en_rows.empty());
  EXPECT_LT(column(en_rows[0], "code"), en_rows[0].size());

  EXPECT_EQ(community.get("/api/v1/cases?format=pdf").status, 422);
  EXPECT_EQ(community.get("/api/v1/cases?format=json").header("content-type"),
            "application/json; charset=utf-8");
  // What the caller may not see is not exported either.
  EXPECT_EQ(
      as("resident").get("/api/v1/nodes/" + node_id("420102002003") + "/persons?format=csv").status,
      403);
  auto audit = as("admin").get("/api/v1/audit?action=list.export").json();
  EXPECT_GE(audit.at("items").as_array().size(), 2u);
}

// Each export heads its columns in its own words: a place's name is 名称, a person's 姓名
// (regression: the people list's "name → 姓名" also headed the places' exports).
TEST_F(Exports, EachListHeadsItsOwnColumns) {
  HttpClient staff = as("staff");
  auto places = staff.get("/api/v1/nodes/" + node_id("420102002003") + "/children?format=csv");
  ASSERT_EQ(places.status, 200) << places.body;
  auto place_rows = rows_of(places, Format::kCsv);
  ASSERT_FALSE(place_rows.empty());
  EXPECT_LT(column(place_rows[0], "名称"), place_rows[0].size());
  EXPECT_EQ(column(place_rows[0], "姓名"), place_rows[0].size());
  auto people = staff.get("/api/v1/nodes/" + node_id("420102002003") + "/persons?format=csv");
  ASSERT_EQ(people.status, 200);
  auto people_rows = rows_of(people, Format::kCsv);
  ASSERT_FALSE(people_rows.empty());
  EXPECT_LT(column(people_rows[0], "姓名"), people_rows[0].size());
}
