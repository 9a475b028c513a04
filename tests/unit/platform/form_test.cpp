// Form bodies as HTML forms and Open311 clients send them.
#include <gtest/gtest.h>

#include "platform/http/form.hpp"

using gridgov::http::parse_form;

TEST(Form, DecodesPairsInOrder) {
  auto f = parse_form(
      "api_key=k1&description=%E6%A5%BC%E9%81%93+blocked%21&attribute%5Burgency%5D=urgent");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->size(), 3u);
  EXPECT_EQ((*f)[0], (std::pair<std::string, std::string>{"api_key", "k1"}));
  EXPECT_EQ((*f)[1].second, "楼道 blocked!");
  EXPECT_EQ((*f)[2].first, "attribute[urgency]");
}

TEST(Form, KeepsEmptyValuesAndSkipsEmptyPieces) {
  auto f = parse_form("a=&&b&c=1");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->size(), 3u);
  EXPECT_EQ((*f)[0].second, "");
  EXPECT_EQ((*f)[1].first, "b");
  EXPECT_EQ((*f)[2].second, "1");
  EXPECT_TRUE(parse_form("")->empty());
}

TEST(Form, RefusesBrokenEscapes) {
  EXPECT_FALSE(parse_form("a=%"));
  EXPECT_FALSE(parse_form("a=%4"));
  EXPECT_FALSE(parse_form("a=%zz"));
  EXPECT_TRUE(parse_form("a=%41"));
}
