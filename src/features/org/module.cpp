#include "features/org/module.hpp"

#include "features/org/api.hpp"
#include "features/org/buildings.hpp"
#include "features/org/demo.hpp"
#include "features/org/shapes.hpp"
#include "features/org/store.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::org {

Module module() {
  Module m;
  m.name = "org";
  m.settings = {
      {"sizing.grid_households_min", "300",
       "A grid should hold at least this many households  网格户数下限"},
      {"sizing.grid_households_max", "500", "…and at most this many  网格户数上限"},
      {"sizing.microgrid_buildings_min", "3",
       "A micro-grid: at least this many buildings  微网格楼栋下限"},
      {"sizing.microgrid_buildings_max", "7", "…and at most this many (about 5)  微网格楼栋上限"},
      {"sizing.community_households_min", "1000",
       "Merge a community below this  社区户数下限（低于则合并）"},
      {"sizing.community_households_max", "2000",
       "Split a community above this  社区户数上限（高于则拆分）"},
      {"sizing.persons_per_100_households", "260",
       "Residents per 100 households, until the registry counts them  每百户人口估算"},
      {"staffing.grid_workers_min", "2", "Grid workers per grid, at least  每网格网格员下限"},
      {"staffing.grid_workers_max", "3", "Grid workers per grid, at most  每网格网格员上限"},
      {"staffing.microgrid_workers", "1",
       "Full-time grid workers per micro-grid  每微网格专职网格员"},
      {"staffing.community_workers_per_10k", "18",
       "Community workers per 10,000 residents, at least  每万人社区工作者"},
      {"staffing.worker_households_max", "1000",
       "A worker over this many households is overloaded  网格员负荷上限（户）"},
  };
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
  m.exports = {
      {"org.children",
       "下级节点",
       {{"code", "区划代码"}, {"name", "名称"}, {"level", "层级"}, {"status", "状态"}},
       {{"status", {{"active", "在用"}, {"retired", "已撤销"}}}}},
      {"org.houses",
       "房屋列表",
       {{"unit", "单元"}, {"floor", "楼层"}, {"room", "房号"}, {"label", "门牌"}},
       {}},
  };
  m.figures = {
      {"org.grids", "网格", "Grids", "node.read", false,
       [](soci::session& s, const std::string& path, long long) {
         return tree::count_active(s, path, "grid");
       }},
      {"org.buildings", "楼栋", "Buildings", "node.read", false,
       [](soci::session& s, const std::string& path, long long) {
         return tree::count_active(s, path, "building");
       }},
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
