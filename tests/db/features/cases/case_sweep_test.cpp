#include <gtest/gtest.h>

#include <soci/soci.h>

#include "features/cases/deadlines.hpp"
#include "features/cases/store.hpp"
#include "features/cases/whistles.hpp"
#include "platform/tree/tree.hpp"
#include "support/case_fixture.hpp"

using namespace gridgov;
using namespace gridgov::cases;

namespace {
constexpr Millis kNow = 1800000000000;
constexpr Millis kHour = 3600 * 1000;

class CaseSweep : public gridgov::testing::CaseStoreTest {
 protected:
  Id add_case(State state, Millis close_deadline) {
    Case c = draft(grid_, kNow - 100 * kHour);
    c.state = state;
    c.assignee_id = grid_.id;
    c.assignee_path = grid_.path;
    c.close_deadline = close_deadline;
    put(c);
    return c.id;
  }
  Case get(Id id) {
    return *db().read([&](soci::session& s) { return store::get(s, id); });
  }
};
}  // namespace

TEST_F(CaseSweep, MarksDueSoonAndEscalatesOverdueOnce) {
  Id on_time = add_case(State::kHandling, kNow + 72 * kHour);
  Id soon = add_case(State::kDispatched, kNow + 5 * kHour);
  Id late = add_case(State::kHandling, kNow - 1 * kHour);
  Id closed_late = add_case(State::kClosed, kNow - 10 * kHour);
  auto r = sweep(db(), DeadlinePolicy{}, kNow);
  ASSERT_TRUE(r.ok()) << r.error().message_en;
  EXPECT_EQ(r->due_soon, 1);
  EXPECT_EQ(r->overdue, 1);
  EXPECT_EQ(get(on_time).deadline_status, "on_time");
  EXPECT_EQ(get(soon).deadline_status, "due_soon");
  EXPECT_EQ(get(late).deadline_status, "overdue");
  EXPECT_EQ(get(late).escalated_to, a_.id);  // one level above the grid that handles it
  EXPECT_EQ(get(closed_late).deadline_status, "on_time");  // finished cases are left alone
  auto history = db().read([&](soci::session& s) { return store::history(s, late); });
  ASSERT_EQ(history.size(), 1u);  // the escalation, by the system
  EXPECT_EQ(history.back().action, "escalate");
  EXPECT_EQ(history.back().actor_name, "system:sweep");
  // A second sweep escalates nothing again.
  auto again = sweep(db(), DeadlinePolicy{}, kNow + kHour);
  EXPECT_EQ(again->overdue, 0);
}

TEST(CaseDeadlines, ByUrgencyCategoryAndComplexity) {
  Calendar cal = Calendar::official();
  DeadlinePolicy p;
  Millis accepted = 1795312800000;  // Mon 2026-11-23 10:00 CST
  auto ordinary = deadlines_for(p, cal, "street_order.illegal_parking", "normal", false, accepted);
  EXPECT_EQ(ordinary.sign, accepted + 24 * kHour);
  EXPECT_EQ(ordinary.close, cal.add_working_days(accepted, 7));
  EXPECT_EQ(deadlines_for(p, cal, "street_order.illegal_parking", "normal", true, accepted).close,
            cal.add_working_days(accepted, 15));
  EXPECT_EQ(
      deadlines_for(p, cal, "public_facilities.water_supply", "normal", false, accepted).close,
      accepted + 24 * kHour);
  auto emergency = deadlines_for(p, cal, "emergency.gas_leak", "emergency", false, accepted);
  EXPECT_EQ(emergency.close, accepted + 2 * kHour);
  EXPECT_LE(emergency.sign, emergency.close);
}

TEST_F(CaseSweep, MarksWhistlesPastTheirReportDeadlineOnce) {
  Id case_id = add_case(State::kHandling, kNow + 72 * kHour);
  Case c = get(case_id);
  auto whistle = [&](Millis due) {
    Whistle w;
    w.id = new_id();
    w.case_id = case_id;
    w.district_code = c.district_code;
    w.node_path = c.node_path;
    w.department_id = street_.id;  // any node: the sweep only reads the deadline
    w.department_path = street_.path;
    w.department_name = "测试部门";
    w.due_at = due;
    w.created_at = kNow - 30 * kHour;
    EXPECT_TRUE(db().write([&](WriteTx& tx) -> Status {
                      whistles::insert(tx, w);
                      return {};
                    })
                    .ok());
    return w.id;
  };
  Id late = whistle(kNow - kHour), in_time = whistle(kNow + kHour);
  auto r = sweep(db(), DeadlinePolicy{}, kNow);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->whistles_overdue, 1);
  auto of = [&](Id id) {
    return *db().read([&](soci::session& s) { return whistles::get(s, id); });
  };
  EXPECT_TRUE(of(late).overdue);
  EXPECT_FALSE(of(in_time).overdue);
  EXPECT_EQ(sweep(db(), DeadlinePolicy{}, kNow + 10)->whistles_overdue, 0);
  // A no-show may be rated once its deadline has passed; a pending one may not.
  EXPECT_TRUE(whistles::can_rate(of(late), kNow).ok());
  EXPECT_FALSE(whistles::can_rate(of(in_time), kNow).ok());
  EXPECT_TRUE(whistles::can_report(of(late)).ok());  // late, but still welcome
}
