#include <gtest/gtest.h>

#include "features/org/health.hpp"
#include "features/org/rules.hpp"

using namespace gridgov;
using namespace gridgov::org;

namespace {
Unit unit(Id id, Id parent, const char* level, const char* name, long long households,
          long long buildings = 0, int workers = 0, int community_workers = 0) {
  Unit u;
  u.node.id = id;
  u.node.parent_id = parent;
  u.node.level = level;
  u.node.name = name;
  u.node.status = "active";
  u.households = households;
  u.buildings = buildings;
  u.grid_workers = workers;
  u.community_workers = community_workers;
  return u;
}
const Violation* find(const std::vector<Violation>& v, const std::string& kind, Id node) {
  for (const auto& x : v)
    if (x.kind == kind && x.node.id == node) return &x;
  return nullptr;
}
}  // namespace

TEST(SizingRules, SplitsBigGridsAndMergesSmallOnes) {
  SizingRules r;
  std::vector<Unit> units = {
      unit(1, 100, "community", "文庙路社区", 1500, 0, 0, 30),
      unit(2, 1, "grid", "第1网格", 1200, 0, 2), unit(3, 1, "grid", "第2网格", 120, 0, 2),
      unit(4, 1, "grid", "第3网格", 200, 0, 2), unit(5, 1, "grid", "第4网格", 400, 0, 3)};
  auto v = check_sizing(r, units, {});
  const Violation* big = find(v, "grid_size", 2);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->action, "split");
  EXPECT_EQ(big->into, 3);  // 1200 households at most 500 each
  EXPECT_EQ(big->expected, "300–500");
  const Violation* small = find(v, "grid_size", 3);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->action, "merge");
  ASSERT_EQ(small->with.size(), 1u);
  EXPECT_EQ(small->with[0].id, 4);  // 120 + 200 = 320: the smallest neighbour is enough
  EXPECT_NE(small->proposal_zh.find("第3网格"), std::string::npos);
  EXPECT_FALSE(find(v, "grid_size", 5));  // 400 is inside the band
  EXPECT_FALSE(find(v, "community_size", 1));
}

TEST(SizingRules, CommunitiesOutsideTheBand) {
  SizingRules r;
  std::vector<Unit> units = {unit(1, 100, "community", "大社区", 4100, 0, 0, 100),
                             unit(2, 100, "community", "小社区", 600, 0, 0, 100),
                             unit(3, 100, "community", "邻社区", 500, 0, 0, 100)};
  auto v = check_sizing(r, units, {});
  EXPECT_EQ(find(v, "community_size", 1)->into, 3);  // 4100 → 3 communities of about 1366
  const Violation* merge = find(v, "community_size", 2);
  ASSERT_TRUE(merge);
  EXPECT_EQ(merge->action, "merge");
  ASSERT_EQ(merge->with.size(), 1u);
  EXPECT_EQ(merge->with[0].id, 3);
}

TEST(SizingRules, StaffingGaps) {
  SizingRules r;
  // 10,000 households ≈ 26,000 residents → at least 47 community workers.
  std::vector<Unit> units = {unit(1, 100, "community", "社区", 1500, 0, 0, 2),
                             unit(2, 1, "grid", "网格", 400, 0, 1),
                             unit(3, 2, "microgrid", "微网格", 200, 5, 0),
                             unit(4, 2, "microgrid", "满员微网格", 200, 5, 1)};
  WorkerLoad w{7, "陈网格员", units[1].node, "社区网格", 2400};
  auto v = check_sizing(r, units, {w});
  const Violation* community = find(v, "community_staff", 1);
  ASSERT_TRUE(community);
  EXPECT_EQ(community->into, 8 - 2);  // 1500 × 2.6 = 3900 residents → 8 workers
  EXPECT_EQ(find(v, "grid_staff", 2)->into, 1);
  EXPECT_EQ(find(v, "microgrid_staff", 3)->into, 1);
  EXPECT_FALSE(find(v, "microgrid_staff", 4));
  const Violation* overload = find(v, "worker_overload", 2);
  ASSERT_TRUE(overload);
  EXPECT_EQ(overload->measured, 2400);
  EXPECT_EQ(overload->into, 2);  // 2400 households want 3 workers: 2 more
  EXPECT_NE(overload->message_zh.find("陈网格员"), std::string::npos);
}

TEST(SizingRules, MicroGridsAboutFiveBuildings) {
  SizingRules r;
  std::vector<Unit> units = {
      unit(2, 1, "grid", "网格", 400, 0, 2), unit(3, 2, "microgrid", "甲", 100, 12, 1),
      unit(4, 2, "microgrid", "乙", 100, 1, 1), unit(5, 2, "microgrid", "丙", 100, 2, 1)};
  auto v = check_sizing(r, units, {});
  EXPECT_EQ(find(v, "microgrid_size", 3)->into, 2);  // 12 buildings, at most 7 each
  const Violation* merge = find(v, "microgrid_size", 4);
  ASSERT_TRUE(merge);
  EXPECT_EQ(merge->with[0].id, 5);  // chosen by buildings, not households
}

TEST(GridRules, CodesExtendTheParentAndNeverReuse) {
  tree::Node community;
  community.code = "420102002003";
  EXPECT_EQ(
      *next_code(community, "grid", {"420102002003001", "420102002003007", "4201020020030010"}),
      "420102002003008");
  tree::Node grid;
  grid.code = "420102002003001";
  EXPECT_EQ(*next_code(grid, "microgrid", {}), "42010200200300101");
  std::vector<std::string> full;
  for (int i = 1; i <= 99; ++i) full.push_back(grid.code + (i < 10 ? "0" : "") + std::to_string(i));
  EXPECT_FALSE(next_code(grid, "microgrid", full).ok());
}
