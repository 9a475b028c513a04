#pragma once
// One step of the loop, however it comes in (the API, the demo): what the
// case becomes, and writing it with its history, audit row and live event.
#include <optional>
#include <string>
#include <vector>

#include "features/cases/store.hpp"
#include "platform/auth/audit.hpp"
#include "platform/services.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::cases {

struct Step {
  Action action = Action::kAccept;
  std::string note;
  bool complex = false;                      // accept
  std::optional<tree::Node> assignee;        // dispatch, arbitrate (resolved by the caller)
  Id merge_into = 0;                         // merge (checked by the caller)
  bool satisfied = false, resolved = false;  // evaluate
  int rating = 0;
};

// The case after `step` by someone playing `parts` at `now`; kInvalid /
// kForbidden when the state machine does not allow it.
Result<Case> next_case(Services& svc, const Case& c, const Step& step,
                       const std::vector<Part>& parts, Millis now);

// Writes the step (optimistic: kConflict when the case changed since `before`).
// `after.version` becomes the new version.
Status record_step(WriteTx& tx, const Case& before, Case& after, const Step& step,
                   const Actor& actor, Millis now);

}  // namespace gridgov::cases
