#include "features/cases/deadlines.hpp"

#include <soci/soci.h>

#include "features/cases/open_counts.hpp"
#include "features/cases/store.hpp"
#include "features/cases/whistles.hpp"
#include "platform/auth/audit.hpp"
#include "platform/config/config.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::cases {

DeadlinePolicy deadline_policy(const Config& c) {
  constexpr Millis kHour = 3600 * 1000;
  DeadlinePolicy p;
  p.sign_ms = c.integer("cases.sign_hours") * kHour;
  p.contact_ms = c.integer("cases.contact_hours") * kHour;
  p.close_working_days = static_cast<int>(c.integer("cases.close_working_days"));
  p.complex_working_days = static_cast<int>(c.integer("cases.complex_working_days"));
  p.utility_ms = c.integer("cases.utility_hours") * kHour;
  p.emergency_ms = c.integer("cases.emergency_hours") * kHour;
  p.due_soon_ms = c.integer("cases.due_soon_hours") * kHour;
  p.whistle_report_ms = c.integer("cases.whistle_report_hours") * kHour;
  return p;
}

Millis whistle_due(const DeadlinePolicy& p, const std::string& urgency, Millis at) {
  return at + (urgency == "emergency" ? std::min(p.emergency_ms, p.whistle_report_ms)
                                      : p.whistle_report_ms);
}

Deadlines deadlines_for(const DeadlinePolicy& p, const Calendar& cal, const std::string& category,
                        const std::string& urgency, bool complex, Millis accepted) {
  Deadlines d;
  d.sign = accepted + p.sign_ms;
  d.contact = accepted + p.contact_ms;
  bool utility = category == "public_facilities.water_supply" ||
                 category == "housing_land.elevator" || category == "emergency.water_pipe_burst" ||
                 category == "emergency.gas_leak";
  if (urgency == "emergency") {
    d.close = accepted + p.emergency_ms;
    d.sign = std::min(d.sign, d.close);
    d.contact = std::min(d.contact, d.close);
  } else if (utility) {
    d.close = accepted + p.utility_ms;
  } else {
    d.close =
        cal.add_working_days(accepted, complex ? p.complex_working_days : p.close_working_days);
  }
  return d;
}

Result<SweepResult> sweep(Database& db, const DeadlinePolicy& p, Millis now) {
  SweepResult result;
  Millis soon = now + p.due_soon_ms;
  Status st = db.write([&](WriteTx& tx) -> Status {
    // Due soon: one UPDATE over the deadline index, returning each case's place
    // for the open counts.
    {
      std::string path;
      soci::statement warn =
          (tx.sql.prepare << std::string("UPDATE cases SET deadline_status = 'due_soon' WHERE ") +
                                 store::kSweepable +
                                 " AND close_deadline <= :soon AND close_deadline > :now"
                                 " AND deadline_status = 'on_time' RETURNING node_path",
           soci::use(soon), soci::use(now), soci::into(path));
      // Stepped to its end: every returned row is a case marked.
      for (bool row = warn.execute(true); row; row = warn.fetch()) {
        open_counts::add(tx, path, {0, 1, 0});
        ++result.due_soon;
      }
    }
    // Overdue: each escalated one level above where it is handled (or located).
    struct Late {
      Id id;
      std::string district, path, assignee_path, state, deadline_status;
    };
    std::vector<Late> late;
    Late l;
    soci::statement find =
        (tx.sql.prepare << std::string("SELECT id, district_code, node_path, assignee_path, state,"
                                       " deadline_status FROM cases WHERE ") +
                               store::kSweepable + " AND close_deadline <= :now",
         soci::use(now), soci::into(l.id), soci::into(l.district), soci::into(l.path),
         soci::into(l.assignee_path), soci::into(l.state), soci::into(l.deadline_status));
    find.execute(false);
    while (find.fetch()) late.push_back(l);
    for (const auto& c : late) {
      // The node one level up from the assignee (or the case's place): the path's second-to-last
      // id.
      const std::string& base = c.assignee_path.empty() ? c.path : c.assignee_path;
      std::size_t end = base.size() - 1, cut = base.rfind('/', end - 1);
      std::size_t start = base.rfind('/', cut - 1);
      Id up = parse_id(std::string_view(base).substr(start + 1, cut - start - 1))
                  .value_or(tree::kRootId);
      tx.sql << "UPDATE cases SET deadline_status = 'overdue', escalated_to = :up, version = "
                "version + 1"
                " WHERE id = :id",
          soci::use(up), soci::use(c.id);
      open_counts::add(tx, c.path, {0, c.deadline_status == "due_soon" ? -1 : 0, 1});
      store::add_history(tx, c.id, c.district,
                         {0, now, 0, "system:sweep", "escalate", c.state, c.state,
                          "超期自动升级 overdue: escalated one level up"});
      audit::append(tx, system_actor("sweep"),
                    {"case.escalate", "case", id_to_string(c.id), c.path, c.district,
                     "{\"to\":\"" + id_to_string(up) + "\"}"},
                    now);
      tx.emit({"case.overdue", c.path, "{\"id\":\"" + id_to_string(c.id) + "\"}", "case.read"});
    }
    result.overdue = static_cast<int>(late.size());
    // Whistles whose departments have not reported in time (吹哨未报到).
    for (const auto& w : whistles::mark_overdue(tx, now)) {
      audit::append(tx, system_actor("sweep"),
                    {"whistle.overdue", "whistle", id_to_string(w.id), w.node_path, w.district_code,
                     "{\"department\":\"" + id_to_string(w.department_id) + "\"}"},
                    now);
      tx.emit({"whistle.overdue", w.node_path,
               "{\"id\":\"" + id_to_string(w.id) + "\",\"case_id\":\"" + id_to_string(w.case_id) +
                   "\"}",
               "case.read"});
      ++result.whistles_overdue;
    }
    return {};
  });
  if (!st) return st.error();
  return result;
}

}  // namespace gridgov::cases
