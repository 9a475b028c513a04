#include <gtest/gtest.h>

#include <map>
#include <set>

#include "features/cases/rules.hpp"

using namespace gridgov;
using namespace gridgov::cases;

namespace {
constexpr Millis kNow = 1800000000000;
const std::vector<Part> kAll = {Part::kDispatcher, Part::kSuperior, Part::kAssignee,
                                Part::kVerifier, Part::kReporter};
const std::vector<State> kStates = {State::kReported, State::kAccepted, State::kDispatched,
                                    State::kReturned, State::kHandling, State::kHandled,
                                    State::kVerified, State::kClosed,   State::kEvaluated,
                                    State::kRejected, State::kMerged};

// Takes `action` as `part` and returns the new facts (state only), failing the test if refused.
Facts step(Facts f, Action action, Part part) {
  auto next = transition(f, action, {part}, kNow);
  EXPECT_TRUE(next.ok()) << to_string(f.state) << " --" << to_string(action) << "--> "
                         << next.error().message_en;
  if (next.ok()) f.state = *next;
  return f;
}
}  // namespace

TEST(CaseWorkflow, TheWholeLoop) {
  Facts f;
  f = step(f, Action::kAccept, Part::kDispatcher);
  f = step(f, Action::kDispatch, Part::kDispatcher);
  f = step(f, Action::kSign, Part::kAssignee);
  f = step(f, Action::kHandle, Part::kAssignee);
  f = step(f, Action::kVerifyPass, Part::kVerifier);
  f = step(f, Action::kClose, Part::kDispatcher);
  EXPECT_EQ(f.state, State::kClosed);
  f = step(f, Action::kEvaluate, Part::kReporter);
  EXPECT_EQ(f.state, State::kEvaluated);
}

TEST(CaseWorkflow, ReworkReturnsToHandling) {
  Facts f{State::kHandled};
  f = step(f, Action::kVerifyFail, Part::kReporter);
  EXPECT_EQ(f.state, State::kHandling);
}

TEST(CaseWorkflow, RepeatedReturnsGoToArbitration) {
  Facts f{State::kDispatched};
  f = step(f, Action::kReturn, Part::kAssignee);
  f.returns = 1;
  EXPECT_TRUE(transition(f, Action::kDispatch, {Part::kDispatcher}, kNow)
                  .ok());  // first return: re-dispatch
  f.returns = 2;
  auto again = transition(f, Action::kDispatch, {Part::kDispatcher}, kNow);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "illegal_transition");
  EXPECT_NE(again.error().message_zh.find("仲裁"), std::string::npos);
  EXPECT_EQ(*transition(f, Action::kArbitrate, {Part::kSuperior}, kNow), State::kDispatched);
  EXPECT_EQ(transition(f, Action::kArbitrate, {Part::kDispatcher}, kNow).error().kind,
            ErrorKind::kForbidden);
}

TEST(CaseWorkflow, DelayNeedsOnePendingRequest) {
  Facts f{State::kHandling};
  EXPECT_FALSE(transition(f, Action::kApproveDelay, {Part::kDispatcher}, kNow).ok());
  EXPECT_EQ(*transition(f, Action::kRequestDelay, {Part::kAssignee}, kNow), State::kHandling);
  f.delay_pending = true;
  EXPECT_FALSE(transition(f, Action::kRequestDelay, {Part::kAssignee}, kNow).ok());
  EXPECT_EQ(*transition(f, Action::kApproveDelay, {Part::kSuperior}, kNow), State::kHandling);
  EXPECT_EQ(*transition(f, Action::kDenyDelay, {Part::kDispatcher}, kNow), State::kHandling);
  EXPECT_EQ(transition(f, Action::kApproveDelay, {Part::kAssignee}, kNow).error().kind,
            ErrorKind::kForbidden);
}

TEST(CaseWorkflow, ReopenOnlyWhenUnsatisfiedWithinTheWindow) {
  Rules rules;
  Facts f{State::kEvaluated};
  f.closed_at = kNow - 3 * 24 * 3600 * 1000LL;
  f.satisfied = true;
  EXPECT_FALSE(transition(f, Action::kReopen, {Part::kReporter}, kNow, rules).ok());
  f.satisfied = false;
  EXPECT_EQ(*transition(f, Action::kReopen, {Part::kReporter}, kNow, rules), State::kAccepted);
  f.closed_at = kNow - rules.reopen_window_ms - 1;
  auto late = transition(f, Action::kReopen, {Part::kReporter}, kNow, rules);
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.error().message_en.find("window"), std::string::npos);
}

TEST(CaseWorkflow, RejectAndMergeEndTheCase) {
  EXPECT_EQ(*transition({State::kReported}, Action::kReject, {Part::kDispatcher}, kNow),
            State::kRejected);
  EXPECT_EQ(*transition({State::kAccepted}, Action::kMerge, {Part::kDispatcher}, kNow),
            State::kMerged);
  EXPECT_TRUE(terminal(State::kRejected));
  EXPECT_TRUE(terminal(State::kMerged));
  for (State s : {State::kRejected, State::kMerged}) {
    EXPECT_TRUE(allowed_actions({s}, kAll, kNow).empty()) << to_string(s);
  }
}

// Every state × every action × every part: legal moves succeed only for the
// parts that may take them; everything else is refused with a message that
// names the state (illegal) or who may act (forbidden).
TEST(CaseWorkflow, EveryLegalAndIllegalTransition) {
  // The specification, written out: (state, action) → parts that may take it.
  const std::map<std::pair<State, Action>, std::set<Part>> legal = {
      {{State::kReported, Action::kAccept}, {Part::kDispatcher}},
      {{State::kReported, Action::kReject}, {Part::kDispatcher}},
      {{State::kReported, Action::kMerge}, {Part::kDispatcher}},
      {{State::kAccepted, Action::kDispatch}, {Part::kDispatcher}},
      {{State::kAccepted, Action::kMerge}, {Part::kDispatcher}},
      {{State::kDispatched, Action::kSign}, {Part::kAssignee}},
      {{State::kDispatched, Action::kReturn}, {Part::kAssignee}},
      {{State::kReturned, Action::kDispatch}, {Part::kDispatcher}},
      {{State::kReturned, Action::kArbitrate}, {Part::kSuperior}},
      {{State::kHandling, Action::kHandle}, {Part::kAssignee}},
      {{State::kHandling, Action::kRequestDelay}, {Part::kAssignee}},
      {{State::kHandling, Action::kContact}, {Part::kAssignee}},
      {{State::kHandled, Action::kVerifyPass}, {Part::kVerifier, Part::kReporter}},
      {{State::kHandled, Action::kVerifyFail}, {Part::kVerifier, Part::kReporter}},
      {{State::kVerified, Action::kClose}, {Part::kDispatcher}},
      {{State::kClosed, Action::kEvaluate}, {Part::kReporter}},
      {{State::kEvaluated, Action::kReopen}, {Part::kReporter, Part::kDispatcher}},
  };
  int checked = 0;
  for (State s : kStates) {
    for (int a = 0; a <= static_cast<int>(Action::kContact); ++a) {
      Action action = static_cast<Action>(a);
      if (action == Action::kApproveDelay || action == Action::kDenyDelay)
        continue;  // need a pending delay
      Facts f{s};
      f.satisfied = false;
      f.closed_at = kNow;
      auto it = legal.find({s, action});
      for (Part p : kAll) {
        auto r = transition(f, action, {p}, kNow);
        ++checked;
        if (it != legal.end() && it->second.count(p)) {
          EXPECT_TRUE(r.ok()) << to_string(s) << " " << to_string(action);
        } else if (it != legal.end()) {
          ASSERT_FALSE(r.ok());
          EXPECT_EQ(r.error().kind, ErrorKind::kForbidden)
              << to_string(s) << " " << to_string(action);
          EXPECT_NE(r.error().message_zh.find("只有"), std::string::npos);
        } else {
          ASSERT_FALSE(r.ok()) << to_string(s) << " " << to_string(action);
          EXPECT_EQ(r.error().code, "illegal_transition");
          EXPECT_NE(r.error().message_zh.find(state_zh(s)), std::string::npos);
        }
      }
    }
  }
  EXPECT_EQ(checked, 11 * 15 * 5);
}

TEST(CaseWorkflow, AllowedActionsForTheDesk) {
  auto dispatcher = allowed_actions({State::kReported}, {Part::kDispatcher}, kNow);
  EXPECT_EQ(dispatcher, (std::vector<Action>{Action::kAccept, Action::kReject, Action::kMerge}));
  EXPECT_TRUE(allowed_actions({State::kReported}, {Part::kAssignee}, kNow).empty());
  auto both = allowed_actions({State::kHandled}, {Part::kVerifier, Part::kReporter}, kNow);
  EXPECT_EQ(both, (std::vector<Action>{Action::kVerifyPass, Action::kVerifyFail}));
}

TEST(CaseWorkflow, NamesRoundTrip) {
  for (State s : kStates) EXPECT_EQ(parse_state(to_string(s)), s);
  for (int a = 0; a <= static_cast<int>(Action::kContact); ++a) {
    EXPECT_EQ(parse_action(to_string(static_cast<Action>(a))), static_cast<Action>(a));
  }
  EXPECT_FALSE(parse_state("lost"));
  EXPECT_FALSE(parse_action("delete"));
}
