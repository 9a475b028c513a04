#include "features/registry/module.hpp"

#include "features/registry/api.hpp"
#include "features/registry/store.hpp"

namespace gridgov::registry {

Module module() {
  Module m;
  m.name = "registry";
  m.migrations = migrations;
  m.actions = {
      {"person.read",
       "查看辖区人员（脱敏）",
       "See the people in scope (masked)",
       {"admin", "street_staff", "community_secretary", "community_staff", "grid_branch_secretary",
        "grid_worker", "building_leader", "second_building_leader"}},
      {"person.write",
       "登记辖区人员",
       "Register people in scope",
       {"admin", "street_staff", "community_secretary", "community_staff", "grid_worker"}},
      {"person.reveal",
       "查看身份证号、电话明文（留痕）",
       "Reveal identity numbers and phones (audited)",
       {"admin", "street_staff", "community_secretary"}},
  };
  m.routes = routes;
  m.sealed = {{"persons", "identity_sealed", "identity_index", "identity"},
              {"persons", "phone_sealed", "phone_index", "phone"}};
  return m;
}

}  // namespace gridgov::registry
