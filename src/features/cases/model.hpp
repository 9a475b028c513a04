#pragma once
// Cases (诉求/事件): the closed loop that answers every call. The types and the
// workflow's vocabulary; no I/O.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"

namespace gridgov::cases {

// Where a case stands. Terminal: rejected, merged. An `evaluated` case whose
// reporter was not satisfied may be reopened within the window; a `closed`
// one waits for its evaluation.
enum class State {
  kReported,    // 已上报: waiting to be accepted
  kAccepted,    // 已立案: waiting to be dispatched
  kDispatched,  // 已派遣: waiting for the assignee to sign for it
  kReturned,    // 已退回: the assignee sent it back; re-dispatch or arbitrate
  kHandling,    // 处置中: signed for, being handled (also after rework)
  kHandled,     // 已反馈: the handler reported back; waiting for verification
  kVerified,    // 已核查: verified on the spot; waiting to be closed
  kClosed,      // 已结案: waiting for the resident's evaluation
  kEvaluated,   // 已评价
  kRejected,    // 不予立案 (terminal)
  kMerged,      // 已合并 into another case (terminal)
};

enum class Action {
  kAccept,        // 立案
  kReject,        // 不予立案 (reason required)
  kMerge,         // 合并为重复件 (target case required)
  kDispatch,      // 派遣 (assignee required)
  kSign,          // 签收
  kReturn,        // 退回 (reason required)
  kArbitrate,     // 仲裁: the dispatcher's superior assigns after repeated returns
  kHandle,        // 办理反馈 (feedback required)
  kVerifyPass,    // 核查通过
  kVerifyFail,    // 核查不通过 → 返工 (reason required)
  kClose,         // 结案
  kEvaluate,      // 评价 (resolved? satisfied 1–5)
  kReopen,        // 重启 (unsatisfied, within the window; reason required)
  kRequestDelay,  // 申请延期 (reason and new deadline required)
  kApproveDelay,  // 批准延期
  kDenyDelay,     // 驳回延期
  kContact,       // 联系反映人: the assignee got in touch with the reporter (note required)
};

// The parts a person plays on a case; one person may play several.
enum class Part {
  kDispatcher,  // staff who may accept and dispatch at the case's node (受理/派遣)
  kSuperior,    // the dispatcher's superior: arbitration, approving delays (上级)
  kAssignee,    // the node or department the case is dispatched to (承办)
  kVerifier,    // the grid worker of the case's grid (核查)
  kReporter,    // the resident who reported it
};

const char* to_string(State s);
const char* to_string(Action a);
std::optional<State> parse_state(std::string_view s);
std::optional<Action> parse_action(std::string_view s);
std::string state_zh(State s);
std::string action_zh(Action a);

// What a transition needs to know about the case besides its state.
struct Facts {
  State state = State::kReported;
  int returns = 0;             // times it was sent back since the last dispatch by arbitration
  bool delay_pending = false;  // a delay request waits for a decision
  Millis closed_at = 0;        // for the reopen window
  bool satisfied = true;       // the last evaluation (reopen needs an unsatisfied one)
};

struct Rules {
  int returns_before_arbitration = 2;  // from the second return on, only the superior assigns
  Millis reopen_window_ms = 7LL * 24 * 3600 * 1000;  // 7 days after closing
};

struct Case {
  Id id = 0;
  std::string code;  // 一案一码: district code + yyyymmdd + 5-digit sequence
  std::string district_code;
  Id node_id = 0;
  std::string node_path;
  std::string channel, kind, category, urgency;
  std::string title, description, address;
  std::optional<double> lng, lat;
  Id building_id = 0;
  Id reporter_id = 0;  // 0: anonymous or reported by staff on someone's behalf
  std::string contact_name;
  std::string contact_phone;        // sealed (privacy::Vault), never the number itself
  std::string contact_phone_mask;   // 138****5678, shown to staff
  std::string contact_phone_index;  // blind index: find a caller's cases by exact number
  State state = State::kReported;
  Id assignee_id = 0;
  std::string assignee_path;
  int returns = 0;
  bool delay_pending = false;
  std::optional<bool> resolved, satisfied;
  int rating = 0;
  Id merged_into = 0;
  Millis created_at = 0, updated_at = 0, closed_at = 0;
  int version = 1;
  bool complex = false;                          // 复杂件: 15 working days instead of 7
  Millis sign_deadline = 0, close_deadline = 0;  // set when accepted (立案)
  Millis contact_deadline = 0;                   // first contact with the reporter, likewise
  std::string deadline_status = "on_time";       // on_time | due_soon | overdue
  Id escalated_to = 0;                           // where an overdue case went up to
  Id leader_id = 0;                              // 领导包案: the leader in charge
  std::string leader_name;
  bool supervised = false;  // 督办
  int urges = 0;            // 催办 so far
  int milestones = 0;       // Milestone bits reached so far (for the measures)
};

// Steps a case has reached at least once, kept on the case so the measures
// need not read its history.
enum Milestone : int {
  kDispatchedOnce = 1,    // dispatched or arbitrated
  kSignedOnTime = 2,      // signed for by its sign-for deadline
  kReturnedOnce = 4,      // sent back
  kHandledOnce = 8,       // feedback given
  kReworkedOnce = 16,     // failed verification
  kContactedOnTime = 32,  // the reporter contacted by the first-contact deadline
};
// The milestone `action` taken at `at` on case `c` reaches (0 for none).
int milestone_of(std::string_view action, Millis at, const Case& c);

struct HistoryRow {
  Id id = 0;
  Millis at = 0;
  Id actor_id = 0;
  std::string actor_name, action, from_state, to_state, note;
  Id case_id = 0;  // the case and its district: filled in by store::add_history
  std::string district_code;
};

}  // namespace gridgov::cases
