#include "features/cases/module.hpp"

#include <soci/soci.h>

#include "features/cases/api.hpp"
#include "features/cases/calendar_notices.hpp"
#include "features/cases/daily.hpp"
#include "features/cases/deadlines.hpp"
#include "features/cases/demo.hpp"
#include "features/cases/store.hpp"
#include "features/cases/taxonomy.hpp"
#include "platform/core/clock.hpp"

namespace gridgov::cases {

Module module() {
  Module m;
  m.name = "cases";
  m.migrations = store::migrations;
  m.actions = {
      {"case.read",
       "查看辖区案件",
       "Read cases in scope",
       {"admin", "leader", "street_staff", "community_secretary", "community_staff",
        "grid_branch_secretary", "grid_worker", "sinking_cadre", "coordinator"}},
      {"case.intake",
       "代为登记案件",
       "Register cases from patrols, hotline and systems",
       {"admin", "street_staff", "community_secretary", "community_staff", "grid_branch_secretary",
        "grid_worker", "coordinator", "api_client"}},
      {"case.dispatch",
       "受理派遣",
       "Accept and dispatch cases",
       {"admin", "street_staff", "community_secretary", "community_staff"}},
      {"case.arbitrate",
       "仲裁与审批",
       "Arbitrate returns and approve delays",
       {"admin", "leader", "street_staff"}},
      {"case.handle",
       "承办案件",
       "Handle cases dispatched here",
       {"admin", "street_staff", "community_secretary", "community_staff", "grid_branch_secretary",
        "grid_worker", "department_staff"}},
      {"case.verify",
       "现场核查",
       "Verify on the spot",
       {"admin", "grid_branch_secretary", "grid_worker"}},
      {"case.configure",
       "维护派遣规则",
       "Set the dispatch rules",
       {"admin", "street_staff", "community_secretary"}},
      {"calendar.manage", "维护节假日安排", "Maintain the holiday calendar", {"admin"}},
      {"taxonomy.manage", "维护问题分类", "Maintain the case categories", {"admin"}},
  };
  m.routes = [](http::Router& router, Services& svc) {
    case_routes(router, svc);
    calendar_routes(router, svc);
    report_routes(router, svc);
    whistle_routes(router, svc);
    dispatch_rule_routes(router, svc);
    photo_routes(router, svc);
    import_routes(router, svc);
    taxonomy_routes(router, svc);
    situation_routes(router, svc);
  };
  // Seals phones stored before sealing existed and fills the measures' daily
  // aggregates once after the migration that adds them.
  m.start = [](Services& svc) -> Status {
    if (auto sealed = store::seal_plain_contacts(svc.db, svc.vault); !sealed) return sealed.error();
    svc.db.read([](soci::session& s) {
      load_categories(s);
      return 0;
    });
    return daily::rebuild(svc.db);
  };
  m.sealed = {{"cases", "contact_phone", "contact_phone_index", "phone"}};
  m.jobs = {{"cases.sweep", 60000, [](Services& svc) {
               auto r = sweep(svc.db, deadline_policy(svc.config), svc.clock.now_ms());
               return r ? Status() : Status(r.error());
             }}};
  m.notices = calendar_notices;
  m.demo = build_demo;
  return m;
}

}  // namespace gridgov::cases
