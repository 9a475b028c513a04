// The dispatcher's situation read from the open counts: what they say at every
// level agrees with a count of the cases themselves through intake, steps, the
// sweep's bulk marks and a rebuild.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "features/cases/daily.hpp"
#include "features/cases/deadlines.hpp"
#include "features/cases/open_counts.hpp"
#include "features/cases/store.hpp"
#include "platform/tree/tree.hpp"
#include "support/case_fixture.hpp"

using namespace gridgov;
using namespace gridgov::cases;

namespace {
constexpr Millis kNow = 1800000000000;
constexpr Millis kHour = 3600 * 1000;

class CaseSituation : public gridgov::testing::CaseStoreTest {
 protected:
  Case add(const tree::Node& at, State state, Millis close_deadline, Millis created = kNow) {
    Case c = draft(at, created);
    c.state = state;
    c.close_deadline = close_deadline;
    put(c);
    return c;
  }
  store::Situation situation(const tree::Node& at, Millis day_start) {
    return db().read([&](soci::session& s) { return store::situation_at(s, at.path, day_start); });
  }
  // The same figures counted from the cases, as the situation read them before the counts.
  store::Situation counted(const tree::Node& at, Millis day_start) {
    store::Situation n;
    std::string prefix = at.path + "%";
    db().read([&](soci::session& s) {
      s << std::string(
               "SELECT COUNT(*), COALESCE(SUM(CASE WHEN deadline_status = 'due_soon'"
               " THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN deadline_status ="
               " 'overdue' THEN 1 ELSE 0 END), 0) FROM cases WHERE node_path LIKE :p"
               " AND ") +
               store::kOpen,
          soci::use(prefix), soci::into(n.open), soci::into(n.due_soon), soci::into(n.overdue);
      s << "SELECT COUNT(*) FROM cases WHERE node_path LIKE :p AND created_at >= :t"
           " AND created_at < :e AND state <> 'merged'",
          soci::use(prefix), soci::use(day_start), soci::use(day_start + 24 * kHour),
          soci::into(n.today);
      return 0;
    });
    return n;
  }
  void expect_agree(const char* when, Millis day_start) {
    for (const tree::Node* at : {&street_, &a_, &b_, &grid_}) {
      auto got = situation(*at, day_start), want = counted(*at, day_start);
      EXPECT_EQ(got.open, want.open) << when << " at " << at->name;
      EXPECT_EQ(got.due_soon, want.due_soon) << when << " at " << at->name;
      EXPECT_EQ(got.overdue, want.overdue) << when << " at " << at->name;
      EXPECT_EQ(got.today, want.today) << when << " at " << at->name;
    }
  }
  void step(Case before, State state) {
    Case after = before;
    after.state = state;
    if (state == State::kClosed) after.closed_at = kNow;
    ASSERT_TRUE(db().write([&](WriteTx& tx) -> Status {
                      EXPECT_TRUE(store::update(tx, before, after, before.version));
                      return {};
                    })
                    .ok());
  }
};
}  // namespace

TEST_F(CaseSituation, TheOpenCountsAgreeWithTheCasesAtEveryLevel) {
  Millis day_start = cst_day_start(kNow);
  Case handling = add(grid_, State::kHandling, kNow + 72 * kHour);
  Case soon = add(grid_, State::kDispatched, kNow + 5 * kHour);
  Case late = add(a_, State::kHandling, kNow - 1 * kHour);
  add(b_, State::kAccepted, kNow + 2 * kHour, kNow - 48 * kHour);  // reported two days ago
  add(grid_, State::kClosed, kNow - 10 * kHour);                   // not open
  add(b_, State::kMerged, 0);                                      // counted through the other
  auto before = situation(street_, day_start);
  EXPECT_EQ(before.open, 4);
  EXPECT_EQ(before.due_soon, 0);
  EXPECT_EQ(before.today, 4);  // the merged duplicate not among them
  expect_agree("after intake", day_start);

  // The sweep's bulk marks: two due soon (one in 保成's grid, one in 泰宁), one overdue.
  ASSERT_TRUE(sweep(db(), DeadlinePolicy{}, kNow).ok());
  auto swept = situation(street_, day_start);
  EXPECT_EQ(swept.due_soon, 2);
  EXPECT_EQ(swept.overdue, 1);
  EXPECT_EQ(situation(grid_, day_start).due_soon, 1);
  expect_agree("after the sweep", day_start);
  // Due soon, then overdue a day later: it moves from one count to the other.
  ASSERT_TRUE(sweep(db(), DeadlinePolicy{}, kNow + 24 * kHour).ok());
  EXPECT_EQ(situation(street_, day_start).overdue, 3);
  EXPECT_EQ(situation(street_, day_start).due_soon, 0);
  expect_agree("a day later", day_start);

  // Steps: one closed leaves the open counts, with its deadline status.
  auto read = [&](Id id) {
    return *db().read([&](soci::session& s) { return store::get(s, id); });
  };
  step(read(soon.id), State::kClosed);
  step(read(handling.id), State::kHandled);  // open to open: nothing moves
  EXPECT_EQ(situation(street_, day_start).open, 3);
  expect_agree("after the steps", day_start);
  (void)late;

  // Rebuilt from the cases, the same figures.
  ASSERT_TRUE(daily::rebuild(db(), true).ok());
  expect_agree("after a rebuild", day_start);
}
