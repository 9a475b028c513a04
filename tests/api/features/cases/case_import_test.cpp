// The CSV ledger import: all rows or none, with a report of row, column and reason.
#include "api/api_fixture.hpp"
#include "platform/text/table.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

class CaseImport : public ApiTest {
 protected:
  HttpResponse send(const HttpClient& c, const std::string& csv, const std::string& query = "") {
    return c.request("POST", "/api/v1/cases/import" + query, csv,
                     {{"Content-Type", "text/csv; charset=utf-8"}});
  }
  // How many of the community's cases carry `marker` in their title.
  int titled(const std::string& marker) {
    auto r = as("community").get("/api/v1/cases?limit=500");
    json::value v = r.json();
    int n = 0;
    for (const auto& c : v.at("items").as_array())
      n += str(c, "title").find(marker) != std::string::npos;
    return n;
  }
};

TEST_F(CaseImport, AValidLedgerIsRegisteredWhole) {
  std::string csv =
      "\xEF\xBB\xBF"
      "类型,类别,紧急程度,标题,描述,节点编码,楼栋编码,联系电话\r\n"
      "投诉,机动车乱停放,一般,导入甲-占道停车,\"消防通道被占，\n多次反映\",420102002003,,"
      "13800000001\r\n"
      "求助,路灯故障,紧急,导入甲-路灯不亮,,,42010200200300101001,\r\n"
      "complaint,city_appearance.exposed_garbage,normal,导入甲-垃圾,,420102002003001,,\r\n";
  auto r = send(as("community"), csv);
  ASSERT_EQ(r.status, 201) << r.body;
  json::value v = r.json();
  EXPECT_EQ(v.at("imported").as_int64(), 3);
  ASSERT_EQ(v.at("codes").as_array().size(), 3u);
  EXPECT_EQ(titled("导入甲"), 3);
  auto one = as("community").get("/api/v1/cases?limit=500").json();
  for (const auto& c : one.at("items").as_array()) {
    if (str(c, "title") != "导入甲-路灯不亮") continue;
    EXPECT_EQ(str(c, "channel"), "import");
    EXPECT_EQ(str(c, "category"), "public_facilities.street_light");
    EXPECT_EQ(str(c, "urgency"), "urgent");
    EXPECT_TRUE(c.as_object().contains("building_id"));
  }
}

TEST_F(CaseImport, OneBadRowMeansNothingIsWrittenAndEveryErrorIsReported) {
  std::string csv =
      "类型,类别,标题,节点编码,联系电话\n"
      "投诉,机动车乱停放,导入乙-第一行,420102002003,\n"
      "投诉,不存在的类别,导入乙-第二行,420102002003,\n"
      "投诉,机动车乱停放,导入乙-第三行,420102002003,12ab\n"
      "投诉,机动车乱停放,导入乙-第四行,999999999999,\n"
      "投诉,机动车乱停放,导入乙-第五行,420102002003\n";
  auto r = send(as("community"), csv);
  ASSERT_EQ(r.status, 422) << r.body;
  json::value v = r.json();
  EXPECT_EQ(str(v.at("error"), "code"), "import_rejected");
  std::vector<std::pair<int, std::string>> rows;
  for (const auto& e : v.at("rows").as_array())
    rows.emplace_back(static_cast<int>(e.at("row").as_int64()), str(e, "column"));
  EXPECT_EQ(rows, (std::vector<std::pair<int, std::string>>{
                      {3, "类别"}, {4, "联系电话"}, {5, "节点编码"}, {6, ""}}));
  EXPECT_EQ(titled("导入乙"), 0);  // not even the good first row

  // The same report as a CSV to open in Excel, in English on request.
  HttpClient english = as("community");
  english.set_language("en");
  auto as_csv = send(english, csv, "?report=csv");
  EXPECT_EQ(as_csv.status, 422);
  EXPECT_EQ(as_csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(as_csv.body.rfind("\xEF\xBB\xBF\"Row\",\"Column\",\"Reason\"\r\n", 0), 0u)
      << as_csv.body;
  EXPECT_NE(as_csv.body.find("Unknown or retired category"), std::string::npos) << as_csv.body;
}

// The same ledger kept in Excel: read from the workbook, the report as a workbook too.
TEST_F(CaseImport, AnExcelLedgerToo) {
  HttpClient community = as("community");
  gridgov::table::Table t{"案件", {"类型", "类别", "标题", "节点编码", "联系电话"}};
  t.rows = {{"投诉", "机动车乱停放", "导入丁-表格", "420102002003", ""}};
  auto xlsx = [&](const gridgov::table::Table& table) {
    return *gridgov::table::render({table}, gridgov::table::Format::kXlsx);
  };
  std::string type(gridgov::table::kXlsxType);
  auto ok = community.request("POST", "/api/v1/cases/import", xlsx(t), {{"Content-Type", type}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(titled("导入丁"), 1);
  t.rows.push_back({"投诉", "不存在的类别", "导入丁-错", "420102002003", ""});
  auto bad = community.request("POST", "/api/v1/cases/import?report=xlsx", xlsx(t),
                               {{"Content-Type", type}});
  ASSERT_EQ(bad.status, 422);
  auto reader = gridgov::table::Reader::open(bad.body, gridgov::table::Format::kXlsx);
  ASSERT_TRUE(reader);
  std::vector<std::string> cells;
  ASSERT_TRUE((*reader)->next(cells));
  ASSERT_TRUE((*reader)->next(cells));
  EXPECT_EQ(cells[0], "3");
  EXPECT_EQ(cells[1], "类别");
  EXPECT_EQ(titled("导入丁"), 1);
}

TEST_F(CaseImport, HeadersTypesAndRightsAreChecked) {
  HttpClient community = as("community");
  auto unknown = send(community, "类型,类别,标题,颜色\n投诉,机动车乱停放,x,红\n");
  ASSERT_EQ(unknown.status, 422);
  json::value u = unknown.json();
  EXPECT_EQ(u.at("rows").as_array()[0].at("row").as_int64(), 1);
  EXPECT_EQ(str(u.at("rows").as_array()[0], "column"), "颜色");
  auto missing = send(community, "类型,标题\n投诉,x\n");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(send(community, "").status, 422);
  EXPECT_EQ(send(community, "类型,类别,标题\n").status, 422);  // no rows
  EXPECT_EQ(community.post("/api/v1/cases/import", R"({"rows":[]})").status, 415);
  EXPECT_EQ(send(as("resident"), "类型,类别,标题\n投诉,机动车乱停放,x\n").status, 403);
  // A place outside the importer's scope is a row error, not a silent skip.
  auto outside =
      send(community, "类型,类别,标题,节点编码\n投诉,机动车乱停放,导入丙,420102002004\n");
  ASSERT_EQ(outside.status, 422) << outside.body;
  EXPECT_EQ(titled("导入丙"), 0);
}
