#include "platform/auth/rbac.hpp"

#include <algorithm>
#include <stdexcept>

namespace gridgov {

const std::vector<RoleDef>& builtin_roles() {
  static const std::vector<RoleDef> roles = {
      {"admin", "系统管理员", "System administrator"},
      {"leader", "领导", "Leader"},
      {"street_staff", "街道工作人员", "Street office staff"},
      {"community_secretary", "社区党委书记", "Community party secretary"},
      {"community_staff", "社区工作者", "Community worker"},
      {"grid_branch_secretary", "网格党支部书记", "Grid party branch secretary"},
      {"grid_worker", "网格员", "Grid worker"},
      {"building_leader", "楼栋长/单元长", "Building or unit leader"},
      {"second_building_leader", "第二楼组长", "Second building leader"},
      {"coordinator", "协管员", "Coordinator"},
      {"sinking_cadre", "下沉干部", "Sinking cadre"},
      {"department_staff", "职能部门人员", "Department staff"},
      {"volunteer", "志愿者", "Volunteer"},
      {"resident", "居民", "Resident"},
      // Not for people: a client system's API key acts with this role at its node.
      {"api_client", "接入系统", "Client system (API key)"},
  };
  return roles;
}

const RoleDef* find_role(std::string_view name) {
  for (const auto& r : builtin_roles())
    if (r.name == name) return &r;
  return nullptr;
}

void Authz::declare(const ActionDef& action) {
  if (actions_.count(action.name)) throw std::logic_error("action declared twice: " + action.name);
  for (const auto& role : action.roles) {
    if (!find_role(role)) throw std::logic_error("unknown role " + role + " in " + action.name);
    by_role_[role].insert(action.name);
  }
  actions_[action.name] = action;
}

bool Authz::role_may(std::string_view role, std::string_view action) const {
  auto it = by_role_.find(role);
  return it != by_role_.end() && it->second.count(std::string(action)) > 0;
}

bool Authz::can(const Principal& who, std::string_view action, std::string_view node_path) const {
  for (const auto& g : who.grants) {
    if (role_may(g.role, action) && path_covers(g.node_path, node_path)) return true;
  }
  return false;
}

Status Authz::check(const Principal& who, std::string_view action,
                    std::string_view node_path) const {
  if (can(who, action, node_path)) return {};
  return Error::forbidden();
}

std::vector<std::string> Authz::scopes(const Principal& who, std::string_view action) const {
  std::vector<std::string> out;
  for (const auto& g : who.grants)
    if (role_may(g.role, action)) out.push_back(g.node_path);
  std::sort(out.begin(), out.end());
  // Drop scopes already covered by a shorter one.
  std::vector<std::string> minimal;
  for (const auto& p : out) {
    bool covered = std::any_of(minimal.begin(), minimal.end(),
                               [&](const std::string& m) { return path_covers(m, p); });
    if (!covered) minimal.push_back(p);
  }
  return minimal;
}

std::vector<std::string> Authz::actions_of_role(std::string_view role) const {
  auto it = by_role_.find(role);
  if (it == by_role_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

}  // namespace gridgov
