#include "features/org/module.hpp"

#include "features/org/api.hpp"
#include "features/org/buildings.hpp"
#include "features/org/demo.hpp"
#include "features/org/shapes.hpp"
#include "features/org/store.hpp"

namespace gridgov::org {

Module module() {
  Module m;
  m.name = "org";
  m.actions = {
      {"node.read",
       "查看辖区节点",
       "View nodes in scope",
       {"admin", "leader", "street_staff", "community_secretary", "community_staff",
        "grid_branch_secretary", "grid_worker", "building_leader", "second_building_leader",
        "coordinator", "sinking_cadre", "department_staff", "volunteer", "resident"}},
      {"node.write",
       "编辑辖区节点",
       "Edit nodes in scope",
       {"admin", "street_staff", "community_secretary", "community_staff"}},
  };
  m.migrations = [] {
    auto all = store::migrations();
    for (auto& x : buildings::migrations()) all.push_back(std::move(x));
    return all;
  };
  m.routes = [](http::Router& router, Services& svc) {
    routes(router, svc);
    grid_routes(router, svc);
    building_routes(router, svc);
    post_routes(router, svc);
    health_routes(router, svc);
    department_routes(router, svc);
  };
  m.start = [](Services& svc) -> Status {
    load_shape_index(svc.db);
    return {};
  };
  m.demo = build_demo;
  return m;
}

}  // namespace gridgov::org
