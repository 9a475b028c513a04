#include <gtest/gtest.h>

#include "platform/text/csv.hpp"

using namespace gridgov;

TEST(Csv, ReadsQuotedFieldsLineBreaksBomAndCrlf) {
  std::string text =
      "\xEF\xBB\xBF"
      "标题,描述\r\n"
      "\"井盖, 缺失\",\"第一行\n第二行\"\r\n"
      "\r\n"
      "\"他说\"\"快修\"\"\",\r\n"
      "末行,无换行";
  csv::Reader r(text);
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"标题", "描述"}));
  EXPECT_EQ(r.line(), 1);
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"井盖, 缺失", "第一行\n第二行"}));
  EXPECT_EQ(r.line(), 2);
  ASSERT_TRUE(r.next(f));  // the blank line is skipped; lines keep counting
  EXPECT_EQ(f, (std::vector<std::string>{"他说\"快修\"", ""}));
  EXPECT_EQ(r.line(), 5);
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"末行", "无换行"}));
  EXPECT_FALSE(r.next(f));
}

TEST(Csv, CellsNeverRunAsFormulas) {
  EXPECT_EQ(csv::cell("普通"), "\"普通\"");
  EXPECT_EQ(csv::cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv::cell("+1"), "\"'+1\"");
  EXPECT_EQ(csv::cell("@SUM"), "\"'@SUM\"");
}
