#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "platform/core/ids.hpp"
#include "platform/text/text.hpp"

using namespace gridgov;

TEST(Utf8, AcceptsChineseAndAscii) {
  EXPECT_TRUE(text::valid_utf8("文庙路社区 grid 7"));
  EXPECT_EQ(text::length("文庙路社区"), 5u);
}

TEST(Utf8, ClipsWholeCharacters) {
  EXPECT_EQ(text::clip("文庙路社区 grid", 3), "文庙路");
  EXPECT_EQ(text::clip("ab", 5), "ab");
  EXPECT_EQ(text::clip("", 2), "");
  EXPECT_TRUE(text::valid_utf8(text::clip("路灯不亮了", 2)));
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(text::valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(text::valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(text::valid_utf8("abc\xE6\x96"));       // truncated
  EXPECT_FALSE(text::valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(text::valid_utf8("\xFF"));
}

TEST(Text, ControlCharacters) {
  EXPECT_TRUE(text::has_control(std::string("a\0b", 3)));
  EXPECT_TRUE(text::has_control("a\nb"));
  EXPECT_FALSE(text::has_control("a\nb", true));
  EXPECT_EQ(text::trim("  x y \n"), "x y");
  EXPECT_TRUE(text::all_digits("0123"));
  EXPECT_FALSE(text::all_digits("01a"));
  EXPECT_FALSE(text::all_digits(""));
}

TEST(Ids, TimeOrderedAndUniqueAcrossThreads) {
  std::vector<std::vector<Id>> per(4);
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([&, t] {
      for (int i = 0; i < 20000; ++i) per[t].push_back(new_id());
    });
  }
  for (auto& t : ts) t.join();
  std::set<Id> all;
  for (auto& v : per) {
    for (std::size_t i = 1; i < v.size(); ++i) ASSERT_LT(v[i - 1], v[i]);  // ordered per thread
    all.insert(v.begin(), v.end());
  }
  EXPECT_EQ(all.size(), 80000u);
  Id id = new_id();
  EXPECT_GT(id, 0);
  EXPECT_NEAR(static_cast<double>(IdGenerator::millis_of(id)),
              static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count()),
              5000.0);
}

TEST(Ids, ParseRejectsGarbage) {
  EXPECT_EQ(parse_id("123"), 123);
  EXPECT_FALSE(parse_id(""));
  EXPECT_FALSE(parse_id("-5"));
  EXPECT_FALSE(parse_id("0"));
  EXPECT_FALSE(parse_id("12a"));
  EXPECT_FALSE(parse_id("99999999999999999999"));
}

#include "platform/text/pinyin.hpp"

TEST(Pinyin, InitialsWithPolyphonicAlternates) {
  ASSERT_TRUE(
      pinyin::load(std::string(GRIDGOV_SOURCE_DIR) + "/third_party/npm/pinyin-initials.tsv").ok());
  EXPECT_EQ(pinyin::initials("文庙路社区").primary, "wmlsq");
  EXPECT_EQ(pinyin::initials("文庙路").alternate, "");  // nothing polyphonic
  EXPECT_EQ(pinyin::initials("社区").alternate, "so");  // 区 is also read ōu
  auto cq = pinyin::initials("重庆市");
  EXPECT_EQ(cq.primary, "zqs");
  EXPECT_EQ(cq.alternate, "cqs");
  EXPECT_EQ(pinyin::initials("第3网格 A区").primary, "d3wgaq");
}
