#pragma once
// Permission = role × node. A role grants a set of actions; a grant holds a
// role at a node; the grant's rights cover that node's subtree and nothing
// else. Deny by default. This is the one check every feature uses.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "platform/auth/principal.hpp"
#include "platform/core/error.hpp"
#include "platform/tree/tree.hpp"  // path_covers

namespace gridgov {

struct RoleDef {
  std::string name;  // stable id, e.g. "grid_worker"
  std::string zh;    // 网格员
  std::string en;    // Grid worker
};

// An action a feature declares, and the roles that may perform it.
struct ActionDef {
  std::string name;  // "node.write"
  std::string zh;
  std::string en;
  std::vector<std::string> roles;
};

// The built-in roles of the four-level organisation and its neighbours.
const std::vector<RoleDef>& builtin_roles();
const RoleDef* find_role(std::string_view name);

class Authz {
 public:
  // Registers a feature's actions. Throws std::logic_error on an unknown role
  // or a duplicate action (a programming error found at start-up).
  void declare(const ActionDef& action);

  bool role_may(std::string_view role, std::string_view action) const;
  // True when some grant of `who` whose role may do `action` sits at
  // `node_path` or above it.
  bool can(const Principal& who, std::string_view action, std::string_view node_path) const;
  // Same, as a status with the standard 403.
  Status check(const Principal& who, std::string_view action, std::string_view node_path) const;
  // The highest nodes at which `who` may do `action` (for scoping list queries).
  std::vector<std::string> scopes(const Principal& who, std::string_view action) const;
  // Every action `who` holds, per grant (for the /me endpoint and the UI).
  std::vector<std::string> actions_of_role(std::string_view role) const;
  const std::map<std::string, ActionDef>& actions() const { return actions_; }

 private:
  std::map<std::string, ActionDef> actions_;
  std::map<std::string, std::set<std::string>, std::less<>> by_role_;
};

}  // namespace gridgov
