#pragma once
// The workflow as one explicit state machine: which part may take which
// action from which state, and where it leads. Pure functions.
#include <vector>

#include "features/cases/model.hpp"
#include "platform/core/error.hpp"

namespace gridgov::cases {

// Where `action` leads from `facts`, for someone playing `parts`, at `now`.
// Outcomes: the next state; kInvalid (code "illegal_transition") when the
// action is not possible in this state (the message names both); kForbidden
// when it is possible but not for these parts (the message says who may).
Result<State> transition(const Facts& facts, Action action, const std::vector<Part>& parts,
                         Millis now, const Rules& rules = {});

// Every action `parts` may take now (what the case desk offers as buttons).
std::vector<Action> allowed_actions(const Facts& facts, const std::vector<Part>& parts, Millis now,
                                    const Rules& rules = {});

bool terminal(State s);

}  // namespace gridgov::cases
