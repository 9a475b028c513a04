#pragma once
// Who is calling: an account and the roles it holds at nodes of the tree.
#include <string>
#include <vector>

#include "platform/core/ids.hpp"

namespace gridgov {

struct Grant {
  Id id = 0;
  std::string role;  // e.g. "community_staff"
  Id node_id = 0;
  std::string node_path;  // "/1/42/977/": the role applies to this subtree
};

struct Principal {
  Id account_id = 0;
  std::string username;
  std::string display_name;
  std::vector<Grant> grants;
  Id session_id = 0;
  long long session_expires_at = 0;  // the session's absolute expiry (ms); 0 for API keys
};

}  // namespace gridgov
