#pragma once
// Cases (诉求/事件): intake from every channel, one code per case, the
// workflow state machine with its history, scoped queries.
#include "platform/services.hpp"

namespace gridgov::cases {

Module module();

}  // namespace gridgov::cases
