// The whistle's three steps as commands (see whistles.hpp): blow, report, rate.
#include <boost/json.hpp>

#include "features/cases/access.hpp"
#include "features/cases/api.hpp"
#include "features/cases/rules.hpp"
#include "features/cases/store.hpp"
#include "features/cases/whistles.hpp"

namespace gridgov::cases::whistles {
namespace json = boost::json;

namespace {

bool open_case(const Case& c) {
  return !terminal(c.state) && c.state != State::kClosed && c.state != State::kEvaluated;
}

// A whistle step on the case: its history, the audit log and the live feed.
void record(WriteTx& tx, const Case& c, const Actor& actor, const std::string& action,
            const std::string& note, const Whistle& w, Millis now) {
  store::add_history(tx, c,
                     {0, now, actor.account_id, shown(actor), action, to_string(c.state),
                      to_string(c.state), note});
  std::string payload = json::serialize(json::object{{"case_id", id_to_string(c.id)},
                                                     {"whistle_id", id_to_string(w.id)},
                                                     {"department", w.department_name}});
  audit::append(
      tx, actor,
      {"case." + action, "whistle", id_to_string(w.id), c.node_path, c.district_code, payload},
      now);
  tx.emit({"case." + action, c.node_path, payload, "case.read"});
}

}  // namespace

Result<std::vector<Whistle>> blow(WriteTx& tx, const Case& c,
                                  const std::vector<tree::Node>& departments, const Actor& actor,
                                  const std::string& note, Millis now, Millis due) {
  if (!open_case(c)) {
    return Error::make(ErrorKind::kInvalid, "illegal_transition",
                       "案件" + state_zh(c.state) + "，不能再吹哨",
                       std::string("The case is ") + to_string(c.state) + ": no whistle now");
  }
  std::vector<Whistle> made;
  for (const auto& d : departments) {
    if (open_for(tx.sql, c.id, d.id)) {
      return Error::make(ErrorKind::kConflict, "already_whistled",
                         "已向「" + d.name + "」吹哨，尚未评价",
                         "Already whistled to " + d.name + " and not yet rated", "department_ids");
    }
    Whistle w = make(c, d, actor.account_id, actor.display_name, note, now, due);
    insert(tx, w);
    record(tx, c, actor, "whistle", d.name + "：" + note, w, now);
    // The department's staff hear it too (their scope is the department, not the place).
    tx.emit({"whistle.created", d.path, json::serialize(whistle_json(w, now)), "case.handle"});
    made.push_back(std::move(w));
  }
  return made;
}

Result<Whistle> report(WriteTx& tx, Whistle w, const Case& c, int version, const Actor& actor,
                       const std::string& note, Millis now) {
  if (auto ok = can_report(w); !ok) return ok.error();
  if (version != w.version) return stale_version();
  w.state = "reported";
  w.reported_at = now;
  w.report_note = note;
  w.reporter_name = actor.display_name;
  w.overdue = now > w.due_at;
  if (!update(tx, w, version)) return stale_version();
  record(tx, c, actor, "whistle_report", w.department_name + "：" + note, w, now);
  w.version += 1;
  return w;
}

Result<Whistle> rate(WriteTx& tx, Whistle w, const Case& c, int version, int stars,
                     const Actor& actor, const std::string& note, Millis now) {
  if (auto ok = can_rate(w, now); !ok) return ok.error();
  if (version != w.version) return stale_version();
  w.overdue = w.overdue || w.state == "whistled";
  w.state = "rated";
  w.rating = stars;
  w.rating_note = note;
  w.rated_at = now;
  if (!update(tx, w, version)) return stale_version();
  record(tx, c, actor, "whistle_rate",
         w.department_name + "：" + std::to_string(w.rating) + "星 " + note, w, now);
  w.version += 1;
  return w;
}

}  // namespace gridgov::cases::whistles
