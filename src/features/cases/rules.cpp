#include "features/cases/rules.hpp"

#include <algorithm>
#include <array>

namespace gridgov::cases {
namespace {

struct Edge {
  State from;
  Action action;
  std::vector<Part> who;
  State to;
};

using enum State;
using enum Action;
using enum Part;

// The loop (GB/T 30428 seven steps; Beijing 接诉即办): report → accept → dispatch → sign
// → handle → verify → close → evaluate, with reject, merge, return, arbitration,
// rework, delay and reopen. Conditions that are not about state sit in `condition`.
const std::vector<Edge>& edges() {
  static const std::vector<Edge> e = {
      {kReported, kAccept, {kDispatcher}, kAccepted},
      {kReported, kReject, {kDispatcher}, kRejected},
      {kReported, kMerge, {kDispatcher}, kMerged},
      {kAccepted, kDispatch, {kDispatcher}, kDispatched},
      {kAccepted, kMerge, {kDispatcher}, kMerged},
      {kDispatched, kSign, {kAssignee}, kHandling},
      {kDispatched, kReturn, {kAssignee}, kReturned},
      {kReturned, kDispatch, {kDispatcher}, kDispatched},
      {kReturned, kArbitrate, {kSuperior}, kDispatched},
      {kHandling, kHandle, {kAssignee}, kHandled},
      {kHandling, kRequestDelay, {kAssignee}, kHandling},
      {kHandling, kApproveDelay, {kDispatcher, kSuperior}, kHandling},
      {kHandling, kDenyDelay, {kDispatcher, kSuperior}, kHandling},
      {kHandling, kContact, {kAssignee}, kHandling},
      {kHandled, kVerifyPass, {kVerifier, kReporter}, kVerified},
      {kHandled, kVerifyFail, {kVerifier, kReporter}, kHandling},
      {kVerified, kClose, {kDispatcher}, kClosed},
      {kClosed, kEvaluate, {kReporter}, kEvaluated},
      {kEvaluated, kReopen, {kReporter, kDispatcher}, kAccepted},
  };
  return e;
}

const char* part_zh(Part p) {
  switch (p) {
    case kDispatcher:
      return "受理派遣人员";
    case kSuperior:
      return "上级";
    case kAssignee:
      return "承办单位";
    case kVerifier:
      return "网格员";
    case kReporter:
      return "反映人";
  }
  return "";
}
const char* part_en(Part p) {
  switch (p) {
    case kDispatcher:
      return "the dispatcher";
    case kSuperior:
      return "the superior";
    case kAssignee:
      return "the assignee";
    case kVerifier:
      return "the grid worker";
    case kReporter:
      return "the reporter";
  }
  return "";
}

// Conditions beyond the state. Empty error text means allowed.
Status condition(const Edge& e, const Facts& f, Millis now, const Rules& r) {
  auto refuse = [](std::string zh, std::string en) {
    return Error::make(ErrorKind::kInvalid, "illegal_transition", std::move(zh), std::move(en));
  };
  if (e.action == kDispatch && e.from == kReturned && f.returns >= r.returns_before_arbitration) {
    return refuse("该案件已被退回 " + std::to_string(f.returns) + " 次，须由上级仲裁后派遣",
                  "Returned " + std::to_string(f.returns) + " times: the superior must arbitrate");
  }
  if (e.action == kRequestDelay && f.delay_pending) {
    return refuse("已有延期申请待审批", "A delay request is already waiting for a decision");
  }
  if ((e.action == kApproveDelay || e.action == kDenyDelay) && !f.delay_pending) {
    return refuse("没有待审批的延期申请", "There is no delay request to decide");
  }
  if (e.action == kReopen) {
    if (f.satisfied)
      return refuse("评价为满意的案件不能重启", "A case evaluated as satisfactory is not reopened");
    if (now - f.closed_at > r.reopen_window_ms) {
      return refuse("已超过重启期限", "The window for reopening has passed");
    }
  }
  return {};
}

bool plays(const std::vector<Part>& parts, const std::vector<Part>& who) {
  return std::any_of(who.begin(), who.end(), [&](Part p) {
    return std::find(parts.begin(), parts.end(), p) != parts.end();
  });
}

}  // namespace

bool terminal(State s) {
  return s == kRejected || s == kMerged;
}

Result<State> transition(const Facts& f, Action action, const std::vector<Part>& parts, Millis now,
                         const Rules& r) {
  for (const auto& e : edges()) {
    if (e.from != f.state || e.action != action) continue;
    if (auto st = condition(e, f, now, r); !st) return st.error();
    if (!plays(parts, e.who)) {
      std::string zh, en;
      for (Part p : e.who) {
        zh += (zh.empty() ? "" : "或") + std::string(part_zh(p));
        en += (en.empty() ? "" : " or ") + std::string(part_en(p));
      }
      return Error::make(ErrorKind::kForbidden, "forbidden",
                         "只有" + zh + "可以" + action_zh(action),
                         "Only " + en + " may " + std::string(to_string(action)));
    }
    return e.to;
  }
  return Error::make(
      ErrorKind::kInvalid, "illegal_transition",
      "案件当前为「" + state_zh(f.state) + "」，不能" + action_zh(action),
      std::string("The case is ") + to_string(f.state) + ": cannot " + to_string(action));
}

std::vector<Action> allowed_actions(const Facts& f, const std::vector<Part>& parts, Millis now,
                                    const Rules& r) {
  std::vector<Action> out;
  for (const auto& e : edges()) {
    if (e.from == f.state && plays(parts, e.who) && condition(e, f, now, r).ok() &&
        std::find(out.begin(), out.end(), e.action) == out.end()) {
      out.push_back(e.action);
    }
  }
  return out;
}

}  // namespace gridgov::cases
