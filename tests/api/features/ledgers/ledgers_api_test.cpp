// Excel and CSV ledgers through the API: templates, imports that write every
// row or none, the error report, progress, scope.
#include <chrono>
#include <thread>

#include "api/api_fixture.hpp"
#include "features/registry/identity.hpp"
#include "platform/text/table.hpp"
#include "support/wait.hpp"

using namespace gridgov::testing;
namespace json = boost::json;
using gridgov::table::Format;
using gridgov::table::Table;

class LedgersApi : public ApiTest {
 protected:
  static std::string identity(const std::string& first17) {
    return first17 + gridgov::registry::identity_check_char(first17);
  }
  static std::string xlsx(const Table& t) { return *gridgov::table::render({t}, Format::kXlsx); }
  static std::string csv(const Table& t) { return *gridgov::table::render({t}, Format::kCsv); }

  HttpResponse upload(const HttpClient& c, const std::string& node, const std::string& kind,
                      const std::string& body, Format f) {
    return c.request("POST", "/api/v1/nodes/" + node + "/ledgers/" + kind, body,
                     {{"Content-Type", std::string(gridgov::table::content_type(f))}});
  }
  // Uploads and follows the import until it finishes; returns its final record.
  json::value imported(const HttpClient& c, const std::string& node, const std::string& kind,
                       const std::string& body, Format f) {
    auto r = upload(c, node, kind, body, f);
    EXPECT_EQ(r.status, 202) << r.body;
    if (r.status != 202) return json::value();
    std::string url = str(r.json(), "url");
    json::value v;
    bool finished = wait_until(
        [&] {
          v = c.get(url).json();
          std::string state = str(v, "state");
          return state == "done" || state == "rejected" || state == "failed";
        },
        30000);
    if (finished) return v;
    ADD_FAILURE() << "the import did not finish";
    return json::value();
  }
  // The rows of a report downloaded in `format`.
  std::vector<std::vector<std::string>> report(const HttpClient& c, const std::string& id,
                                               Format f) {
    auto r = c.get("/api/v1/imports/" + id +
                   "/errors?format=" + std::string(gridgov::table::extension(f)));
    EXPECT_EQ(r.status, 200) << r.body;
    auto reader = gridgov::table::Reader::open(r.body, f);
    std::vector<std::vector<std::string>> rows;
    if (!reader) return rows;
    std::vector<std::string> cells;
    while ((*reader)->next(cells)) rows.push_back(cells);
    return rows;
  }
  int people_named(const std::string& community, const std::string& name_hex) {
    auto r = as("staff").get("/api/v1/nodes/" + community + "/persons?q=" + name_hex);
    return static_cast<int>(r.json().at("items").as_array().size());
  }
};

// A community loads its buildings, then its houses' use, then its residents — from xlsx.
TEST_F(LedgersApi, BuildingsHousesAndResidentsFromExcel) {
  HttpClient street = as("street"), staff = as("staff");
  std::string community = node_id("420102002003");
  auto [lng, lat] = shape_centre(node_id("420102002003002"));
  char lng_s[32], lat_s[32];
  std::snprintf(lng_s, sizeof lng_s, "%.6f", lng);
  std::snprintf(lat_s, sizeof lat_s, "%.6f", lat);
  Table buildings{"楼栋",
                  {"微网格编码", "楼栋名称", "经度", "纬度", "层数", "单元数", "每层户数", "用途"}};
  buildings.rows = {{"42010200200300201", "台账甲楼", lng_s, lat_s, "6", "2", "2", "住宅"},
                    {"42010200200300201", "台账乙楼", lng_s, lat_s, "3", "", "", ""}};
  json::value b = imported(street, community, "buildings", xlsx(buildings), Format::kXlsx);
  ASSERT_EQ(str(b, "state"), "done") << json::serialize(b);
  EXPECT_EQ(b.at("rows_written").as_int64(), 2);

  Table houses{"房屋", {"楼栋名称", "房号", "房屋用途", "房间数"}};
  houses.rows = {{"台账甲楼", "2-301", "出租", "1"}, {"台账甲楼", "1-101", "自住", ""}};
  json::value h = imported(staff, community, "houses", xlsx(houses), Format::kXlsx);
  ASSERT_EQ(str(h, "state"), "done") << json::serialize(h);

  Table residents{"人口",
                  {"楼栋名称", "房号", "姓名", "身份证号", "联系电话", "与户主关系", "居住类型",
                   "党员", "重点人群", "性别", "出生日期"}};
  // Beijing numbers (110105): the Wuhan demo's synthetic residents never hold them.
  std::string head_id = identity("11010519480101111"), tenant_id = identity("11010519950505222");
  residents.rows = {
      {"台账甲楼", "1-101", "台账老周", head_id, "13900000001", "户主", "", "是",
       "独居老人、退役军人"},
      {"台账甲楼", "1-1-01", "台账周妻", "", "", "配偶", "", "否", "", "女", "1950/2/3"},
      {"台账甲楼", "2单元301", "台账租客一", tenant_id, "13900000002", "", "人在户不在"},
      {"台账甲楼", "2-301", "台账租客二", "", "", "租户", "人在户不在", "", "", "男", "32939"},
      {"台账甲楼", "2-301", "台账租客三", "", "", "租户", "人在户不在"}};
  json::value r = imported(staff, community, "residents", xlsx(residents), Format::kXlsx);
  ASSERT_EQ(str(r, "state"), "done") << json::serialize(r);
  EXPECT_EQ(r.at("rows_written").as_int64(), 5);

  // Masked in search, households formed by house, key groups from their Chinese names.
  auto found =
      staff.get("/api/v1/nodes/" + community + "/persons?q=%E5%8F%B0%E8%B4%A6%E8%80%81%E5%91%A8");
  ASSERT_EQ(found.status, 200);
  auto items = found.json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  json::value head = items[0];
  EXPECT_EQ(found.body.find(head_id), std::string::npos);
  EXPECT_EQ(str(head, "identity_number"), head_id.substr(0, 4) + "**********" + head_id.substr(14));
  EXPECT_EQ(str(head, "phone"), "139****0001");
  EXPECT_EQ(str(head, "relation"), "head");
  EXPECT_TRUE(head.at("party_member").as_bool());
  EXPECT_EQ(json::serialize(head.at("tags")), R"(["elderly_alone","veteran"])");
  auto household = staff.get("/api/v1/houses/" + str(head, "house_id") + "/household").json();
  auto members = household.at("members").as_array();
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(str(members[1], "name"), "台账周妻");
  EXPECT_EQ(str(members[1], "birth_date"), "1950-02-03");
  EXPECT_EQ(str(members[1], "sex"), "F");

  // The rented house: three people in one room → graded (群租 at four; orange at three).
  auto tenants = staff.get("/api/v1/nodes/" + community +
                           "/persons?address=" + "%E5%8F%B0%E8%B4%A6%E7%94%B2%E6%A5%BC%202-301");
  auto tenant_list = tenants.json().at("items").as_array();
  ASSERT_EQ(tenant_list.size(), 3u) << tenants.body;
  std::string rented = str(tenant_list[0], "house_id");
  auto grade = staff.get("/api/v1/houses/" + rented + "/grade").json();
  ASSERT_FALSE(grade.at("grade").is_null()) << json::serialize(grade);
  EXPECT_EQ(str(grade.at("grade"), "color"), "orange");

  // The import is listed where it happened, and audited.
  auto list = staff.get("/api/v1/nodes/" + community + "/imports").json();
  EXPECT_GE(list.at("items").as_array().size(), 2u);
  auto audit =
      as("admin").get("/api/v1/audit?action=ledger.import&entity_id=" + str(r, "id")).json();
  EXPECT_EQ(audit.at("items").as_array().size(), 1u);
}

// One bad row in the middle: nothing is written and the report names each row and column.
TEST_F(LedgersApi, ABadRowInTheMiddleWritesNothing) {
  HttpClient staff = as("staff");
  std::string community = node_id("420102002003");
  std::string first = identity("11010519700101333");  // not a Wuhan demo number
  std::string mistyped = first.substr(0, 17) + (first[17] == '0' ? "1" : "0");
  Table t{"人口", {"楼栋编码", "房号", "姓名", "身份证号", "联系电话"}};
  t.rows = {{"42010200200300101001", "1-601", "全无甲", first, ""},
            {"42010200200300101001", "1-601", "全无乙", "", "13900000009"},
            {"42010200200300101001", "1-601", "全无丙", mistyped, ""},
            {"42010200200300101001", "1-601", "全无丁", first, ""},
            {"42010200200300101001", "9-901", "全无戊", "", "12345"},
            {"42010200200300101001", "1-601", "全无己", "", ""}};
  for (Format f : {Format::kCsv, Format::kXlsx}) {
    std::string body = f == Format::kCsv ? csv(t) : xlsx(t);
    json::value v = imported(staff, community, "residents", body, f);
    ASSERT_EQ(str(v, "state"), "rejected") << json::serialize(v);
    EXPECT_EQ(v.at("rows_written").as_int64(), 0);
    auto errors = v.at("errors").as_array();
    ASSERT_EQ(errors.size(), 3u) << json::serialize(v);
    EXPECT_EQ(errors[0].at("row").as_int64(), 4);
    EXPECT_EQ(str(errors[0], "column"), "身份证号");
    EXPECT_EQ(errors[1].at("row").as_int64(), 5);
    EXPECT_NE(str(errors[1], "message").find("第 2 行"), std::string::npos);
    EXPECT_EQ(errors[2].at("row").as_int64(), 6);
    EXPECT_EQ(str(errors[2], "column"), "房号");                  // the first wrong cell of the row
    EXPECT_EQ(people_named(community, "%E5%85%A8%E6%97%A0"), 0);  // 全无: nobody written

    // The report as a workbook and as CSV: header, then row, column, reason.
    for (Format rf : {Format::kXlsx, Format::kCsv}) {
      auto rows = report(staff, str(v, "id"), rf);
      ASSERT_EQ(rows.size(), 4u);
      EXPECT_EQ(rows[0], (std::vector<std::string>{"行", "列", "原因"}));
      EXPECT_EQ(rows[1][0], "4");
      EXPECT_EQ(rows[3][1], "房号");
    }
  }
  // Fixed, the same file goes in whole.
  t.rows.erase(t.rows.begin() + 2, t.rows.begin() + 5);
  json::value ok = imported(staff, community, "residents", csv(t), Format::kCsv);
  ASSERT_EQ(str(ok, "state"), "done") << json::serialize(ok);
  EXPECT_EQ(people_named(community, "%E5%85%A8%E6%97%A0"), 3);
  // Imported twice, the identity number is already registered.
  t.rows.resize(1);
  json::value again = imported(staff, community, "residents", csv(t), Format::kCsv);
  ASSERT_EQ(str(again, "state"), "rejected");
  EXPECT_NE(json::serialize(again).find("已登记"), std::string::npos);
  // Beside a row with a mistyped number, the registered one is still reported: every problem
  // of every row (regression: a checksum error elsewhere hid it).
  t.rows.push_back({"42010200200300101001", "1-601", "全无庚", mistyped, ""});
  json::value both = imported(staff, community, "residents", csv(t), Format::kCsv);
  ASSERT_EQ(str(both, "state"), "rejected");
  auto reported = both.at("errors").as_array();
  ASSERT_EQ(reported.size(), 2u) << json::serialize(both);
  EXPECT_EQ(reported[0].at("row").as_int64(), 2);  // registered already
  EXPECT_EQ(reported[1].at("row").as_int64(), 3);  // the checksum
}

TEST_F(LedgersApi, HeadersFilesScopeAndRights) {
  HttpClient staff = as("staff");
  std::string community = node_id("420102002003");
  auto errors_of = [&](const std::string& body, Format f) {
    json::value v = imported(staff, community, "residents", body, f);
    EXPECT_EQ(str(v, "state"), "rejected") << json::serialize(v);
    return json::serialize(v.at("errors"));
  };
  // Unknown and missing columns are reported on row 1.
  std::string e = errors_of(csv(Table{"x", {"楼栋编码", "房号", "籍贯"}, {{"1", "1-101", "湖北"}}}),
                            Format::kCsv);
  EXPECT_NE(e.find("籍贯"), std::string::npos);
  EXPECT_NE(e.find("缺少必填列: 姓名"), std::string::npos);
  EXPECT_NE(errors_of("", Format::kCsv).find("文件为空"), std::string::npos);
  EXPECT_NE(errors_of("not a zip", Format::kXlsx).find("Excel"), std::string::npos);
  EXPECT_NE(
      errors_of(csv(Table{"x", {"楼栋编码", "房号", "姓名"}}), Format::kCsv).find("没有数据行"),
      std::string::npos);

  // A building of another community lies outside this import.
  Table outside{"x", {"楼栋编码", "房号", "姓名"}, {{"42010200200300101001", "1-101", "越界"}}};
  json::value v =
      imported(staff, node_id("420102002003001"), "residents", csv(outside), Format::kCsv);
  ASSERT_EQ(str(v, "state"), "done") << json::serialize(v);  // grid 001 holds building 1栋
  json::value refused =
      imported(staff, node_id("420102002003002"), "residents", csv(outside), Format::kCsv);
  ASSERT_EQ(str(refused, "state"), "rejected");
  EXPECT_NE(json::serialize(refused).find("导入范围"), std::string::npos);

  // Bad requests: unknown kind, a body that is not a sheet, no right, strangers.
  EXPECT_EQ(upload(staff, community, "cars", "a", Format::kCsv).status, 404);
  EXPECT_EQ(staff
                .request("POST", "/api/v1/nodes/" + community + "/ledgers/residents", "{}",
                         {{"Content-Type", "application/json"}})
                .status,
            415);
  EXPECT_EQ(upload(as("volunteer"), community, "residents", "姓名\n", Format::kCsv).status, 403);
  EXPECT_EQ(upload(anonymous(), community, "residents", "姓名\n", Format::kCsv).status, 401);
  EXPECT_EQ(upload(staff, community, "buildings", "姓名\n", Format::kCsv).status, 202);
  EXPECT_EQ(as("resident").get("/api/v1/imports/" + str(v, "id")).status, 404);
}

TEST_F(LedgersApi, TemplatesInChineseAndEnglish) {
  HttpClient staff = as("staff");
  auto kinds = staff.get("/api/v1/ledgers").json().at("items").as_array();
  ASSERT_EQ(kinds.size(), 3u);
  auto t = staff.get("/api/v1/ledgers/residents/template");
  ASSERT_EQ(t.status, 200);
  EXPECT_NE(t.header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
  auto reader = gridgov::table::Reader::open(t.body, Format::kXlsx);
  ASSERT_TRUE(reader);
  std::vector<std::string> header, example;
  ASSERT_TRUE((*reader)->next(header));
  ASSERT_TRUE((*reader)->next(example));
  EXPECT_EQ(header[0], "楼栋编码");
  EXPECT_EQ(header[3], "姓名");
  EXPECT_EQ(example[4], "42010219900307001X");  // kept as text, all 18 characters
  auto en = staff.request("GET", "/api/v1/ledgers/residents/template?format=csv", "",
                          {{"Accept-Language", "en"}});
  ASSERT_EQ(en.status, 200);
  EXPECT_NE(en.body.find("\"identity_number\""), std::string::npos);
  EXPECT_EQ(staff.get("/api/v1/ledgers/residents/template?format=xls").status, 422);
  EXPECT_EQ(staff.get("/api/v1/ledgers/cars/template").status, 404);
}
