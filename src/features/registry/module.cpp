#include "features/registry/module.hpp"

#include "features/registry/api.hpp"
#include "features/registry/demo.hpp"
#include "features/registry/people.hpp"
#include "features/registry/rental.hpp"
#include "features/registry/store.hpp"
#include "features/registry/visits.hpp"

namespace gridgov::registry {

namespace {

// A person's headings and words, shared by the lists that show people.
ExportDecl people_export(std::string id, std::string file, Labels more) {
  Labels columns = {{"id", "编号"},
                    {"name", "姓名"},
                    {"house", "房屋"},
                    {"identity_number", "身份证号"},
                    {"phone", "联系电话"},
                    {"sex", "性别"},
                    {"birth_date", "出生日期"},
                    {"relation", "与户主关系"},
                    {"residence", "居住类型"},
                    {"party_member", "党员"},
                    {"tags", "重点人群"},
                    {"status", "状态"}};
  columns.insert(columns.end(), more.begin(), more.end());
  Labels groups;
  for (const auto& g : default_key_groups()) groups.emplace_back(g.id, g.zh);
  return {std::move(id),
          std::move(file),
          std::move(columns),
          {{"relation", relations()},
           {"residence", residences()},
           {"sex", {{"M", "男"}, {"F", "女"}}},
           {"status", {{"active", "在住"}, {"moved_out", "已迁出"}}},
           {"tags", groups},
           {"key_groups", groups}}};
}

}  // namespace

Module module() {
  Module m;
  m.name = "registry";
  m.settings = {
      {"rental.tenants_per_room_yellow", "2",
       "Tenants per room that make a rented house yellow  出租房黄色：每间人数"},
      {"rental.tenants_per_room_orange", "3",
       "Tenants per room that make it orange  出租房橙色：每间人数"},
      {"rental.tenants_per_room_red", "4",
       "Tenants per room that make it red (群租)  出租房红色：每间人数"},
      {"rental.patrol_days_green", "21",
       "Days between patrols of a green house  绿色巡查间隔（天）"},
      {"rental.patrol_days_yellow", "14",
       "Days between patrols of a yellow house  黄色巡查间隔（天）"},
      {"rental.patrol_days_orange", "7",
       "Days between patrols of an orange house  橙色巡查间隔（天）"},
  };
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
  m.exports = {
      people_export("registry.persons", "人员名单", {}),
      people_export("registry.visits_due", "走访提醒",
                    {{"key_groups", "重点人群类别"},
                     {"visit_days", "走访间隔（天）"},
                     {"last_visit", "上次走访"},
                     {"overdue_days", "逾期天数"}}),
      {"registry.patrols_due",
       "出租房屋巡查",
       {{"house", "房屋"},
        {"grade", "风险等级"},
        {"reasons", "定级原因"},
        {"last_patrol", "上次巡查"},
        {"overdue_days", "逾期天数"}},
       {{"grade", {{"green", "绿"}, {"yellow", "黄"}, {"orange", "橙"}, {"red", "红"}}}}},
  };
  m.figures = {
      {"registry.residents", "实有人口", "Residents", "person.read", false, residents_below},
      {"registry.households", "户数", "Households", "person.read", false, households_below},
      {"registry.visits_overdue", "走访逾期", "Visits overdue", "person.read", true,
       visits_overdue_below},
      {"registry.red_rentals", "红色出租房", "Rentals graded red", "person.read", true,
       red_rentals_below},
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
