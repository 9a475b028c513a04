#include <gtest/gtest.h>

#include <soci/soci.h>

#include "features/cases/deadlines.hpp"
#include "features/cases/store.hpp"
#include "platform/tree/tree.hpp"
#include "support/runtime_fixture.hpp"

using namespace gridgov;
using namespace gridgov::cases;

namespace {
constexpr Millis kNow = 1800000000000;
constexpr Millis kHour = 3600 * 1000;

class CaseSweep : public gridgov::testing::RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(
        db().write([&](WriteTx& tx) -> Status {
              auto root = *tree::get(tx.sql, tree::kRootId);
              street_ = *tree::insert_child(tx, root, {"420102002000", "大智街道", "street"}, 1);
              community_ =
                  *tree::insert_child(tx, street_, {"420102002003", "保成社区", "community"}, 1);
              grid_ =
                  *tree::insert_child(tx, community_, {"420102002003001", "第1网格", "grid"}, 1);
              return {};
            })
            .ok());
  }
  Id add_case(State state, Millis close_deadline) {
    Case c;
    c.id = new_id();
    c.code = "420102" + std::to_string(c.id);
    c.district_code = "420102";
    c.node_id = grid_.id;
    c.node_path = grid_.path;
    c.channel = "resident";
    c.kind = "complaint";
    c.category = "street_order.illegal_parking";
    c.urgency = "normal";
    c.title = "test";
    c.created_at = c.updated_at = kNow - 100 * kHour;
    EXPECT_TRUE(db().write([&](WriteTx& tx) -> Status {
                      store::insert(tx, c);
                      c.state = state;
                      c.assignee_id = grid_.id;
                      c.assignee_path = grid_.path;
                      c.close_deadline = close_deadline;
                      store::update(tx, c, 1);
                      return {};
                    })
                    .ok());
    return c.id;
  }
  Case get(Id id) {
    return *db().read([&](soci::session& s) { return store::get(s, id); });
  }
  tree::Node street_, community_, grid_;
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
  EXPECT_EQ(get(late).escalated_to, community_.id);  // one level above the grid that handles it
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
