#include "features/registry/module.hpp"

#include "features/registry/api.hpp"
#include "features/registry/demo.hpp"
#include "features/registry/rental.hpp"
#include "features/registry/store.hpp"
#include "features/registry/visits.hpp"

namespace gridgov::registry {

Module module() {
  Module m;
  m.name = "registry";
  m.migrations = [] {
    auto all = migrations();
    for (auto& x : visit_migrations()) all.push_back(std::move(x));
    for (auto& x : rental_migrations()) all.push_back(std::move(x));
    return all;
  };
  m.actions = {
      {"person.read",
       "查看辖区人员（脱敏）",
       "See the people in scope (masked)",
       {"admin", "street_staff", "community_secretary", "community_staff", "grid_branch_secretary",
        "grid_worker", "building_leader", "second_building_leader", "volunteer"}},
      {"person.write",
       "登记辖区人员",
       "Register people in scope",
       {"admin", "street_staff", "community_secretary", "community_staff", "grid_worker"}},
      {"person.visit",
       "走访登记",
       "Log visits to people in scope",
       {"admin", "street_staff", "community_secretary", "community_staff", "grid_branch_secretary",
        "grid_worker", "building_leader", "second_building_leader", "volunteer"}},
      {"keygroup.manage", "维护重点人群分类", "Maintain the key groups", {"admin"}},
      {"person.reveal",
       "查看身份证号、电话明文（留痕）",
       "Reveal identity numbers and phones (audited)",
       {"admin", "street_staff", "community_secretary"}},
  };
  m.routes = [](http::Router& router, Services& svc) {
    routes(router, svc);
    visit_routes(router, svc);
    rental_routes(router, svc);
  };
  m.demo = build_demo;
  m.sealed = {{"persons", "identity_sealed", "identity_index", "identity"},
              {"persons", "phone_sealed", "phone_index", "phone"}};
  return m;
}

}  // namespace gridgov::registry
