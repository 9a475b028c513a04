// The measures on a fixture whose answers are worked out by hand (docs/measures.md).
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "features/cases/daily.hpp"
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
    c.contact_deadline = created + 24 * kH;
    c.closed_at = closed_at;
    c.resolved = resolved;
    c.satisfied = satisfied;
    for (const auto& [action, hours] : steps)
      c.milestones |= milestone_of(action, created + hours * kH, c);
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
  // The hand-worked fixture of docs/measures.md.
  void fill() {
    // 1: signed in time, closed in time, resolved and satisfied.
    add(a_, kT0, State::kEvaluated,
        {{"accept", 0},
         {"dispatch", 0},
         {"sign", 1},
         {"contact", 2},
         {"handle", 20},
         {"verify_pass", 30}},
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
  }
  // Everything, by day from the aggregates and from the cases, must agree.
  void expect_aggregates_agree() {
    db().read([&](soci::session& s) {
      auto sums = daily::sums(s, street_.path, "00000000", "99999999");
      Counts from_daily = sums.total, by_category;
      for (const auto& [cat, c] : sums.by_category) by_category += c;
      EXPECT_EQ(by_category.received, from_daily.received);
      Counts exact = count_cases(s, street_.path, 0, 4000000000000);
      EXPECT_EQ(from_daily.received, exact.received);
      EXPECT_EQ(from_daily.dispatched, exact.dispatched);
      EXPECT_EQ(from_daily.signed_on_time, exact.signed_on_time);
      EXPECT_EQ(from_daily.returned, exact.returned);
      EXPECT_EQ(from_daily.handled, exact.handled);
      EXPECT_EQ(from_daily.reworked, exact.reworked);
      EXPECT_EQ(from_daily.closed, exact.closed);
      EXPECT_EQ(from_daily.closed_on_time, exact.closed_on_time);
      EXPECT_EQ(from_daily.evaluated, exact.evaluated);
      EXPECT_EQ(from_daily.resolved, exact.resolved);
      EXPECT_EQ(from_daily.satisfied, exact.satisfied);
      EXPECT_EQ(from_daily.handling_ms, exact.handling_ms);
      EXPECT_EQ(from_daily.contacted_on_time, exact.contacted_on_time);
      // A community and a grid read their own tables and agree with their cases too;
      // the street's parts are its communities.
      for (const tree::Node* n : {&a_, &b_, &grid_}) {
        auto part = daily::sums(s, n->path, "00000000", "99999999");
        Counts cases_there = count_cases(s, n->path, 0, 4000000000000);
        EXPECT_EQ(part.total.received, cases_there.received) << n->name;
        EXPECT_EQ(part.total.closed, cases_there.closed) << n->name;
        EXPECT_EQ(part.total.handling_ms, cases_there.handling_ms) << n->name;
        Counts in_categories;
        for (const auto& [cat, c] : part.by_category) in_categories += c;
        if (daily::categories_from_cases(n->path))
          EXPECT_TRUE(part.by_category.empty()) << n->name;  // counted from its cases instead
        else
          EXPECT_EQ(in_categories.received, cases_there.received) << n->name;
        if (n != &grid_) {
          Counts street_part = sums.by_part.count(n->path) ? sums.by_part.at(n->path) : Counts{};
          EXPECT_EQ(street_part.received, cases_there.received) << n->name;
        }
      }
      return 0;
    });
  }
};
}  // namespace

TEST_F(CaseMeasures, HandComputedFixture) {
  fill();
  auto c = db().read(
      [&](soci::session& s) { return count_cases(s, street_.path, kT0, kT0 + 7 * 24 * kH); });
  EXPECT_EQ(c.received, 4);
  EXPECT_EQ(c.dispatched, 3);
  EXPECT_EQ(c.signed_on_time, 1);
  EXPECT_EQ(c.returned, 1);
  EXPECT_EQ(c.handled, 2);
  EXPECT_EQ(c.reworked, 1);
  EXPECT_EQ(c.contacted_on_time, 1);  // case 1 within 24 h; case 2 after 31 h
  EXPECT_EQ(c.closed, 2);
  EXPECT_EQ(c.closed_on_time, 1);
  EXPECT_EQ(c.evaluated, 2);
  EXPECT_EQ(c.resolved, 1);
  EXPECT_EQ(c.satisfied, 1);
  Rates r = rates_of(c);
  EXPECT_DOUBLE_EQ(r.response, 1.0 / 3);
  EXPECT_DOUBLE_EQ(r.first_contact, 1.0 / 3);
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

TEST_F(CaseMeasures, DailyAggregatesFollowEveryChange) {
  fill();
  expect_aggregates_agree();
  // A case lives on: closed late, reopened, closed again in time, evaluated; another merged.
  Case c = draft(a_, kT0 + 5 * kH);
  c.sign_deadline = c.created_at + 24 * kH;
  c.close_deadline = c.created_at + 72 * kH;
  put(c);
  auto step = [&](auto change) {
    Case before = *db().read([&](soci::session& s) { return store::get(s, c.id); });
    Case after = before;
    change(after);
    ASSERT_TRUE(db().write([&](WriteTx& tx) -> Status {
                      EXPECT_TRUE(store::update(tx, before, after, before.version));
                      return {};
                    })
                    .ok());
    expect_aggregates_agree();
  };
  step([&](Case& x) {
    x.state = State::kDispatched;
    x.milestones |= milestone_of("dispatch", x.created_at, x);
  });
  step([&](Case& x) {
    x.state = State::kClosed;
    x.closed_at = x.created_at + 100 * kH;
  });
  step([&](Case& x) {
    x.state = State::kEvaluated;
    x.satisfied = false;
    x.resolved = false;
  });
  step([&](Case& x) { x.state = State::kAccepted; });  // reopened: still closed once, late
  step([&](Case& x) {
    x.state = State::kEvaluated;
    x.closed_at = x.created_at + 200 * kH;
    x.close_deadline = x.created_at + 300 * kH;  // a new deadline after reopening
    x.satisfied = true;
    x.resolved = true;
  });
  step([&](Case& x) { x.state = State::kMerged; });  // duplicates count through their target
  // Rebuilt from scratch, the aggregates are the same.
  ASSERT_TRUE(daily::rebuild(db(), true).ok());
  expect_aggregates_agree();
}

TEST(CaseDaily, DaysAndStreetPaths) {
  // 2026-11-22 23:30 CST is 15:30 UTC; its Beijing day is the 22nd and starts at 16:00 UTC the
  // day before.
  Millis t = 1795361400000;
  EXPECT_EQ(cst_day(t), "20261122");
  EXPECT_EQ(cst_day_start(t), 1795276800000);
  EXPECT_EQ(daily::street_path("/1/2/3/4/5/6/7/"), "/1/2/3/4/5/");
  EXPECT_EQ(daily::street_path("/1/2/3/"), "/1/2/3/");
  EXPECT_TRUE(daily::covers("/1/2/3/4/5/"));         // a street
  EXPECT_TRUE(daily::covers("/1/2/3/4/5/6/"));       // a community
  EXPECT_TRUE(daily::covers("/1/2/3/4/5/6/7/"));     // a grid
  EXPECT_FALSE(daily::covers("/1/2/3/4/5/6/7/8/"));  // a micro-grid: counted from its cases
}
