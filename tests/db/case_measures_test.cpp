// The measures on a fixture whose answers are worked out by hand (docs/measures.md).
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "features/cases/measures.hpp"
#include "features/cases/store.hpp"
#include "platform/tree/tree.hpp"
#include "support/case_fixture.hpp"

using namespace gridgov;
using namespace gridgov::cases;

namespace {
constexpr Millis kT0 = 1800000000000;
constexpr Millis kH = 3600 * 1000;

class CaseMeasures : public gridgov::testing::CaseStoreTest {
 protected:
  // A case created at `created` with these (action, hours after creation) steps.
  void add(const tree::Node& at, Millis created, State final_state,
           std::vector<std::pair<const char*, int>> steps, Millis closed_at = 0,
           std::optional<bool> resolved = {}, std::optional<bool> satisfied = {}) {
    Case c = draft(at, created);
    c.state = final_state;
    c.sign_deadline = created + 24 * kH;
    c.close_deadline = created + 72 * kH;
    c.closed_at = closed_at;
    c.resolved = resolved;
    c.satisfied = satisfied;
    put(c);
    ASSERT_TRUE(
        db().write([&](WriteTx& tx) -> Status {
              for (const auto& [action, hours] : steps) {
                store::add_history(tx, c, {0, created + hours * kH, 1, "t", action, "", "", ""});
              }
              return {};
            })
            .ok());
  }
};
}  // namespace

TEST_F(CaseMeasures, HandComputedFixture) {
  // 1: signed in time, closed in time, resolved and satisfied.
  add(a_, kT0, State::kEvaluated,
      {{"accept", 0}, {"dispatch", 0}, {"sign", 1}, {"handle", 20}, {"verify_pass", 30}},
      kT0 + 48 * kH, true, true);
  // 2: signed late, returned once, reworked once, closed late, not resolved, not satisfied.
  add(a_, kT0, State::kEvaluated,
      {{"accept", 0},
       {"dispatch", 0},
       {"return", 2},
       {"dispatch", 3},
       {"sign", 30},
       {"handle", 40},
       {"verify_fail", 50},
       {"handle", 60},
       {"verify_pass", 70}},
      kT0 + 100 * kH, false, false);
  // 3: dispatched, never signed.
  add(b_, kT0 + kH, State::kDispatched, {{"accept", 0}, {"dispatch", 0}});
  // 4: only reported.
  add(a_, kT0 + 2 * kH, State::kReported, {});
  // 5: merged into another: not counted. 6: reported before the period: not counted.
  add(a_, kT0 + 3 * kH, State::kMerged, {{"merge", 1}});
  add(a_, kT0 - 10 * 24 * kH, State::kReported, {});

  auto c = db().read(
      [&](soci::session& s) { return count_cases(s, street_.path, kT0, kT0 + 7 * 24 * kH); });
  EXPECT_EQ(c.received, 4);
  EXPECT_EQ(c.dispatched, 3);
  EXPECT_EQ(c.signed_on_time, 1);
  EXPECT_EQ(c.returned, 1);
  EXPECT_EQ(c.handled, 2);
  EXPECT_EQ(c.reworked, 1);
  EXPECT_EQ(c.closed, 2);
  EXPECT_EQ(c.closed_on_time, 1);
  EXPECT_EQ(c.evaluated, 2);
  EXPECT_EQ(c.resolved, 1);
  EXPECT_EQ(c.satisfied, 1);
  Rates r = rates_of(c);
  EXPECT_DOUBLE_EQ(r.response, 1.0 / 3);
  EXPECT_DOUBLE_EQ(r.resolution, 0.5);
  EXPECT_DOUBLE_EQ(r.satisfaction, 0.5);
  EXPECT_DOUBLE_EQ(r.on_time_closure, 0.5);
  EXPECT_DOUBLE_EQ(r.rework, 0.5);
  EXPECT_DOUBLE_EQ(r.returns, 1.0 / 3);
  EXPECT_DOUBLE_EQ(r.average_handling_hours, (48.0 + 100.0) / 2);

  // Rolled up the tree: the community alone.
  auto b =
      db().read([&](soci::session& s) { return count_cases(s, b_.path, kT0, kT0 + 7 * 24 * kH); });
  EXPECT_EQ(b.received, 1);
  EXPECT_EQ(b.dispatched, 1);
  EXPECT_EQ(rates_of(b).response, 0.0);
  EXPECT_EQ(rates_of(b).satisfaction,
            0.0);  // nothing evaluated: no rate (shown as null by the API)
}
