#pragma once
// Routes of the accounts, sessions and audit log; and their module manifest.
#include "platform/services.hpp"

namespace gridgov::auth_api {

Module module();

}  // namespace gridgov::auth_api
