#include "features/cases/module.hpp"

#include <soci/soci.h>

#include "features/cases/api.hpp"
#include "features/cases/calendar_notices.hpp"
#include "features/cases/daily.hpp"
#include "features/cases/deadlines.hpp"
#include "features/cases/demo.hpp"
#include "features/cases/store.hpp"
#include "features/cases/taxonomy.hpp"
#include "features/cases/whistles.hpp"
#include "platform/core/clock.hpp"

namespace gridgov::cases {

Module module() {
  Module m;
  m.name = "cases";
  m.settings = {
      {"cases.sign_hours", "24", "Hours to sign for a dispatched case  签收时限（小时）"},
      {"cases.contact_hours", "24",
       "Hours to first contact the reporter after acceptance  首次联系反映人时限（小时）"},
      {"cases.close_working_days", "7",
       "Working days to close an ordinary case  一般件办结时限（工作日）"},
      {"cases.complex_working_days", "15",
       "Working days to close a complex case  复杂件办结时限（工作日）"},
      {"cases.utility_hours", "24",
       "Hours to close water, power, gas and lift cases  水电气梯类办结时限（小时）"},
      {"cases.emergency_hours", "2", "Hours to close an emergency  特急件办结时限（小时）"},
      {"cases.due_soon_hours", "24",
       "Warn this many hours before the close deadline  临期提醒（小时）"},
      {"cases.photos_per_case", "20", "Photos a case may carry  每件案件照片上限"},
      {"cases.whistle_report_hours", "24",
       "Hours a whistled department has to report  吹哨报到时限（小时）"},
  };
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
  // What other systems may subscribe to, and the topics each covers.
  m.events = {
      {"case.created", "新案件受理", "A case was reported", {"case.created"}},
      {"case.status_changed",
       "案件状态变化（立案、派遣、签收、办结…）",
       "A case moved in the workflow (accepted, dispatched, signed, closed…)",
       {"case.accept", "case.reject", "case.merge", "case.dispatch", "case.sign", "case.return",
        "case.arbitrate", "case.handle", "case.verify_pass", "case.verify_fail", "case.close",
        "case.evaluate", "case.reopen"}},
      {"case.updated",
       "案件办理记录（联系反映人、延期申请与审批）",
       "A case's handling was recorded (contact, delay asked / decided)",
       {"case.contact", "case.request_delay", "case.approve_delay", "case.deny_delay"}},
      {"case.supervised",
       "领导包案、督办、催办",
       "A leader took charge, supervised or urged",
       {"case.take_charge", "case.supervise", "case.urge"}},
      {"case.overdue", "案件超期", "A case went overdue and was escalated", {"case.overdue"}},
      {"whistle.created",
       "吹哨（呼叫部门报到）",
       "A department was whistled to report",
       {"whistle.created"}},
      {"whistle.reported", "部门报到", "A department reported", {"case.whistle_report"}},
      {"whistle.rated", "评价部门报到", "A department's report was rated", {"case.whistle_rate"}},
      {"whistle.overdue",
       "吹哨未按时报到",
       "A department did not report in time",
       {"whistle.overdue"}},
  };
  m.figures = {{"cases.whistles_waiting", "吹哨待报到", "Whistles awaiting report", "case.read",
                true, whistles::waiting_below}};
  m.exports = {
      {"cases.list",
       "案件列表",
       {{"code", "案件编号"},
        {"title", "标题"},
        {"state", "状态"},
        {"channel", "渠道"},
        {"kind", "类型"},
        {"category", "类别"},
        {"urgency", "紧急程度"},
        {"description", "描述"},
        {"address", "地址"},
        {"returns", "退回次数"},
        {"created_at", "登记时间"},
        {"updated_at", "更新时间"},
        {"closed_at", "办结时间"},
        {"deadline_status", "时限状态"},
        {"lng", "经度"},
        {"lat", "纬度"},
        {"resolved", "是否解决"},
        {"satisfied", "是否满意"},
        {"rating", "评价"},
        {"complex", "疑难"},
        {"delay_pending", "延期待批"}},
       {{"kind", kinds()}, {"urgency", urgencies()}}},
      {"cases.whistles",
       "吹哨报到",
       {{"case_code", "案件编号"},
        {"case_title", "案件标题"},
        {"department", "报到部门"},
        {"whistler", "吹哨人"},
        {"note", "吹哨说明"},
        {"state", "状态"},
        {"due_at", "报到时限"},
        {"overdue", "超时未报到"},
        {"created_at", "吹哨时间"},
        {"report.at", "报到时间"},
        {"report.by", "报到人"},
        {"report.note", "报到说明"},
        {"report.on_time", "按时报到"},
        {"rating.at", "评价时间"},
        {"rating.stars", "评价星级"},
        {"rating.note", "评价说明"}},
       {{"state", {{"whistled", "待报到"}, {"reported", "已报到"}, {"rated", "已评价"}}}}},
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
