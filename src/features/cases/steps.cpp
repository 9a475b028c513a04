#include "features/cases/steps.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>

#include "features/cases/access.hpp"
#include "features/cases/deadlines.hpp"
#include "features/cases/rules.hpp"
#include "features/cases/store.hpp"

namespace gridgov::cases {
namespace json = boost::json;

Result<Case> next_case(Services& svc, const Case& c, const Step& step,
                       const std::vector<Part>& parts, Millis now) {
  auto next = transition(facts_of(c), step.action, parts, now);
  if (!next) return next.error();
  Case updated = c;
  updated.state = *next;
  updated.updated_at = now;
  updated.milestones |= milestone_of(to_string(step.action), now, c);
  switch (step.action) {
    case Action::kAccept: {
      updated.complex = step.complex;
      auto cal = svc.db.read([](soci::session& s) { return store::calendar(s); });
      auto d = deadlines_for(deadline_policy(svc.config), cal, c.category, c.urgency,
                             updated.complex, now);
      updated.sign_deadline = d.sign;
      updated.contact_deadline = d.contact;
      updated.close_deadline = d.close;
      updated.deadline_status = "on_time";
      break;
    }
    case Action::kDispatch:
    case Action::kArbitrate:
      if (!step.assignee)
        return Error::invalid("assignee_id", "须指定承办单位", "An assignee is needed");
      updated.assignee_id = step.assignee->id;
      updated.assignee_path = step.assignee->path;
      if (step.action == Action::kArbitrate) updated.returns = 0;
      break;
    case Action::kReturn:
      updated.returns += 1;
      break;
    case Action::kMerge:
      updated.merged_into = step.merge_into;
      break;
    case Action::kRequestDelay:
      updated.delay_pending = true;
      break;
    case Action::kApproveDelay:
    case Action::kDenyDelay:
      updated.delay_pending = false;
      break;
    case Action::kClose:
      updated.closed_at = now;
      break;
    case Action::kEvaluate:
      updated.satisfied = step.satisfied;
      updated.resolved = step.resolved;
      updated.rating = step.rating;
      break;
    default:
      break;
  }
  return updated;
}

Status record_step(WriteTx& tx, const Case& before, Case& after, const Step& step,
                   const Actor& actor, Millis now) {
  if (!store::update(tx, before, after, before.version)) return stale_version();
  store::add_history(tx, after,
                     {0, now, actor.account_id, shown(actor), to_string(step.action),
                      to_string(before.state), to_string(after.state), step.note});
  if (step.action == Action::kMerge) {
    // The case it joins records the duplicate, so its handlers know who else asked.
    auto target = store::get(tx.sql, after.merged_into);
    if (target) {
      store::add_history(
          tx, *target,
          {0, now, actor.account_id, shown(actor), "merged_in", to_string(target->state),
           to_string(target->state), "并入重复件 " + before.code + "：" + before.title});
    }
  }
  audit::append(tx, actor,
                {std::string("case.") + to_string(step.action), "case", id_to_string(before.id),
                 before.node_path, before.district_code,
                 json::serialize(json::object{{"from", to_string(before.state)},
                                              {"to", to_string(after.state)}})},
                now);
  after.version = before.version + 1;
  tx.emit({std::string("case.") + to_string(step.action), before.node_path,
           json::serialize(case_json(after, false)), "case.read"});
  return {};
}

}  // namespace gridgov::cases
