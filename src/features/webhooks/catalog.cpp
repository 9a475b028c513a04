#include "features/webhooks/catalog.hpp"

#include <boost/json.hpp>
#include <map>

namespace gridgov::webhooks {

const std::vector<EventType>& event_types() {
  static const std::vector<EventType> types = {
      {"case.created", "新案件受理", "A case was reported"},
      {"case.status_changed", "案件状态变化（立案、派遣、签收、办结…）",
       "A case moved in the workflow (accepted, dispatched, signed, closed…)"},
      {"case.updated", "案件办理记录（联系反映人、延期申请与审批）",
       "A case's handling was recorded (contact, delay asked / decided)"},
      {"case.supervised", "领导包案、督办、催办", "A leader took charge, supervised or urged"},
      {"case.overdue", "案件超期", "A case went overdue and was escalated"},
      {"whistle.created", "吹哨（呼叫部门报到）", "A department was whistled to report"},
      {"whistle.reported", "部门报到", "A department reported"},
      {"whistle.rated", "评价部门报到", "A department's report was rated"},
      {"whistle.overdue", "吹哨未按时报到", "A department did not report in time"},
      {"ping", "测试推送", "A test delivery asked for by hand"},
  };
  return types;
}

bool known_type(const std::string& name) {
  for (const auto& t : event_types())
    if (name == t.name) return true;
  return false;
}

std::optional<Mapped> map_event(const DomainEvent& e) {
  static const std::map<std::string, std::string> types = {
      {"case.created", "case.created"},
      {"case.accept", "case.status_changed"},
      {"case.reject", "case.status_changed"},
      {"case.merge", "case.status_changed"},
      {"case.dispatch", "case.status_changed"},
      {"case.sign", "case.status_changed"},
      {"case.return", "case.status_changed"},
      {"case.arbitrate", "case.status_changed"},
      {"case.handle", "case.status_changed"},
      {"case.verify_pass", "case.status_changed"},
      {"case.verify_fail", "case.status_changed"},
      {"case.close", "case.status_changed"},
      {"case.evaluate", "case.status_changed"},
      {"case.reopen", "case.status_changed"},
      {"case.contact", "case.updated"},
      {"case.request_delay", "case.updated"},
      {"case.approve_delay", "case.updated"},
      {"case.deny_delay", "case.updated"},
      {"case.take_charge", "case.supervised"},
      {"case.supervise", "case.supervised"},
      {"case.urge", "case.supervised"},
      {"case.overdue", "case.overdue"},
      {"whistle.created", "whistle.created"},
      {"case.whistle_report", "whistle.reported"},
      {"case.whistle_rate", "whistle.rated"},
      {"whistle.overdue", "whistle.overdue"},
  };
  auto it = types.find(e.topic);
  if (it == types.end()) return std::nullopt;
  Mapped m;
  m.type = it->second;
  m.action = e.topic.substr(e.topic.find('.') + 1);
  boost::system::error_code ec;
  auto payload = boost::json::parse(e.json, ec);
  if (ec || !payload.is_object()) return std::nullopt;
  const auto& o = payload.as_object();
  for (const char* key : {"case_id", "id"}) {
    if (auto* v = o.if_contains(key); v && v->is_string()) {
      m.subject = std::string(v->as_string());
      return m;
    }
  }
  return std::nullopt;
}

}  // namespace gridgov::webhooks
