#include "features/cases/model.hpp"

#include <array>

namespace gridgov::cases {
namespace {
struct StateName {
  State s;
  const char* en;
  const char* zh;
};
constexpr std::array<StateName, 11> kStates = {{
    {State::kReported, "reported", "已上报"},
    {State::kAccepted, "accepted", "已立案"},
    {State::kDispatched, "dispatched", "已派遣"},
    {State::kReturned, "returned", "已退回"},
    {State::kHandling, "handling", "处置中"},
    {State::kHandled, "handled", "已反馈"},
    {State::kVerified, "verified", "已核查"},
    {State::kClosed, "closed", "已结案"},
    {State::kEvaluated, "evaluated", "已评价"},
    {State::kRejected, "rejected", "不予立案"},
    {State::kMerged, "merged", "已合并"},
}};
struct ActionName {
  Action a;
  const char* en;
  const char* zh;
};
constexpr std::array<ActionName, 17> kActions = {{
    {Action::kAccept, "accept", "立案"},
    {Action::kReject, "reject", "不予立案"},
    {Action::kMerge, "merge", "合并"},
    {Action::kDispatch, "dispatch", "派遣"},
    {Action::kSign, "sign", "签收"},
    {Action::kReturn, "return", "退回"},
    {Action::kArbitrate, "arbitrate", "仲裁派遣"},
    {Action::kHandle, "handle", "办理反馈"},
    {Action::kVerifyPass, "verify_pass", "核查通过"},
    {Action::kVerifyFail, "verify_fail", "核查不通过（返工）"},
    {Action::kClose, "close", "结案"},
    {Action::kEvaluate, "evaluate", "评价"},
    {Action::kReopen, "reopen", "重启"},
    {Action::kRequestDelay, "request_delay", "申请延期"},
    {Action::kApproveDelay, "approve_delay", "批准延期"},
    {Action::kDenyDelay, "deny_delay", "驳回延期"},
    {Action::kContact, "contact", "联系反映人"},
}};
}  // namespace

const char* to_string(State s) {
  for (const auto& n : kStates)
    if (n.s == s) return n.en;
  return "";
}
const char* to_string(Action a) {
  for (const auto& n : kActions)
    if (n.a == a) return n.en;
  return "";
}
std::optional<State> parse_state(std::string_view s) {
  for (const auto& n : kStates)
    if (s == n.en) return n.s;
  return std::nullopt;
}
std::optional<Action> parse_action(std::string_view s) {
  for (const auto& n : kActions)
    if (s == n.en) return n.a;
  return std::nullopt;
}
std::string state_zh(State s) {
  for (const auto& n : kStates)
    if (n.s == s) return n.zh;
  return "";
}
std::string action_zh(Action a) {
  for (const auto& n : kActions)
    if (n.a == a) return n.zh;
  return "";
}

}  // namespace gridgov::cases
