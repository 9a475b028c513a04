#include <gtest/gtest.h>

#include "platform/text/table.hpp"
#include "platform/text/xlsx.hpp"
#include "support/zip_writer.hpp"

using namespace gridgov;

namespace {

std::vector<std::vector<std::string>> read_all(std::string data, table::Format f,
                                               std::vector<int>* lines = nullptr) {
  auto reader = table::Reader::open(std::move(data), f);
  EXPECT_TRUE(reader) << (reader ? "" : reader.error().message_en);
  std::vector<std::vector<std::string>> rows;
  if (!reader) return rows;
  std::vector<std::string> cells;
  while ((*reader)->next(cells)) {
    rows.push_back(cells);
    if (lines) lines->push_back((*reader)->line());
  }
  return rows;
}

// A workbook as Excel itself writes one (shared strings, prefixed names, rich
// text with phonetic guides), zipped by hand.
std::string excel_style_workbook() {
  std::vector<std::pair<std::string, std::string>> parts = {
      {"xl/workbook.xml",
       R"(<?xml version="1.0"?><x:workbook xmlns:x="main" xmlns:r="rel"><x:sheets>)"
       R"(<x:sheet name="台账" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<?xml version="1.0"?><Relationships><Relationship Id="rId7" Target="worksheets/data.xml"/>)"
       R"(</Relationships>)"},
      {"xl/sharedStrings.xml",
       R"(<?xml version="1.0"?><sst><si><t>姓名</t></si><si><t>电话</t></si>)"
       R"(<si><r><t>张</t></r><r><t>三</t></r><rPh><t>zhang</t></rPh></si>)"
       R"(<si><t xml:space="preserve">A&amp;B </t></si></sst>)"},
      {"xl/worksheets/data.xml",
       R"(<?xml version="1.0"?><x:worksheet><x:sheetData>)"
       R"(<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>)"
       R"(<x:row r="2"/>)"
       R"(<x:row r="4"><x:c r="A4" t="s"><x:v>2</x:v></x:c><x:c r="B4"><x:v>1.3800138E10</x:v></x:c>)"
       R"(<x:c r="D4" t="b"><x:v>1</x:v></x:c></x:row>)"
       R"(<x:row r="5"><x:c r="B5" t="s"><x:v>3</x:v></x:c><x:c r="C5"><x:v>2.5</x:v></x:c></x:row>)"
       R"(</x:sheetData></x:worksheet>)"}};
  std::vector<gridgov::testing::ZipPart> zipped;
  for (const auto& [name, body] : parts) zipped.push_back(gridgov::testing::zip_part(name, body));
  return gridgov::testing::zip_of(zipped, Z_DEFAULT_COMPRESSION);
}

}  // namespace

TEST(Table, XlsxWrittenThenReadKeepsTextGapsAndNumbers) {
  table::Table t{"人员", {"姓名", "身份证号", "备注", "人数"}, {}, {false, false, false, true}};
  t.rows.push_back({"张三", "42010119900307001X", "", "3"});
  t.rows.push_back({"李四", "420101199003070000", "=1+1", "12"});
  auto file = table::render({t, table::Table{"说明", {"列"}, {{"姓名"}}}}, table::Format::kXlsx);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->substr(0, 2), "PK");
  std::vector<int> lines;
  auto rows = read_all(*file, table::Format::kXlsx, &lines);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], t.header);
  EXPECT_EQ(rows[1], t.rows[0]);  // the identity number keeps all 18 characters
  EXPECT_EQ(rows[2], t.rows[1]);  // a formula-like text stays text
  EXPECT_EQ(lines, (std::vector<int>{1, 2, 3}));
}

TEST(Table, ReadsAnExcelStyleWorkbook) {
  std::vector<int> lines;
  auto rows = read_all(excel_style_workbook(), table::Format::kXlsx, &lines);
  ASSERT_EQ(rows.size(), 3u);  // the empty row 2 is skipped
  EXPECT_EQ(rows[0], (std::vector<std::string>{"姓名", "电话"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"张三", "13800138000", "", "TRUE"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"", "A&B ", "2.5"}));
  EXPECT_EQ(lines, (std::vector<int>{1, 4, 5}));  // rows as the spreadsheet numbers them
}

TEST(Table, RefusesWhatIsNotAWorkbook) {
  auto r = table::Reader::open("姓名,电话\n", table::Format::kXlsx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "file");
  std::string truncated = excel_style_workbook();
  truncated.resize(truncated.size() / 2);
  EXPECT_FALSE(table::Reader::open(truncated, table::Format::kXlsx));
}

TEST(Table, CsvRenderingHasTheBomAndDefusesFormulas) {
  auto csv =
      table::render({table::Table{"x", {"a", "b"}, {{"=cmd()", "1,2"}}}}, table::Format::kCsv);
  ASSERT_TRUE(csv);
  EXPECT_EQ(*csv, "\xEF\xBB\xBF\"a\",\"b\"\r\n\"'=cmd()\",\"1,2\"\r\n");
  auto rows = read_all(*csv, table::Format::kCsv);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"'=cmd()", "1,2"}));
}

TEST(Table, FormatsByTypeAndName) {
  EXPECT_EQ(table::format_of_type("text/csv; charset=utf-8"), table::Format::kCsv);
  EXPECT_EQ(table::format_of_type(table::kXlsxType), table::Format::kXlsx);
  EXPECT_FALSE(table::format_of_type("application/json"));
  EXPECT_EQ(table::format_named("xlsx"), table::Format::kXlsx);
  EXPECT_FALSE(table::format_named("xls"));
}
