#include "features/cases/measures.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <cmath>

#include "features/cases/store.hpp"

namespace gridgov::cases {

std::map<std::string, Counts> count_cases_by(soci::session& sql, const std::string& node_path,
                                             Millis from, Millis to, CaseScope scope,
                                             bool by_category) {
  std::map<std::string, Counts> out;
  Counts c;
  std::string key;
  std::string pattern = node_path + "%";
  // One pass over the period's cases through the place index; the steps
  // reached come from the case's milestone bits (store.hpp).
  auto bit = [](int b) {
    return " COALESCE(SUM(CASE WHEN (c.milestones & " + std::to_string(b) +
           ") <> 0 THEN 1 ELSE 0 END), 0),";
  };
  std::string query =
      "SELECT " + std::string(by_category ? "c.category" : "''") + ", COUNT(*)," +
      bit(kDispatchedOnce) + bit(kSignedOnTime) + bit(kReturnedOnce) + bit(kHandledOnce) +
      bit(kReworkedOnce) + bit(kContactedOnTime) +
      " COALESCE(SUM(CASE WHEN c.closed_at > 0 THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN c.closed_at > 0 AND c.closed_at <= c.close_deadline THEN 1 ELSE 0"
      " END), 0),"
      " COALESCE(SUM(CASE WHEN c.satisfied IS NOT NULL THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN c.resolved = 1 THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN c.satisfied = 1 THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN c.closed_at > 0 THEN (c.closed_at - c.created_at) ELSE 0 END), 0)"
      " FROM cases c WHERE " +
      std::string(scope == CaseScope::kPlace ? "c.node_path" : "c.assignee_path") +
      // `+c.created_at`: SQLite must walk the place index (a micro-grid's or a department's
      // few cases), not the period's cases of the whole city through cases_by_created.
      " LIKE :p AND +c.created_at >= :f AND +c.created_at < :t AND c.state <> 'merged'" +
      (by_category ? " GROUP BY c.category" : "");
  soci::statement st = (sql.prepare << query, soci::use(pattern), soci::use(from), soci::use(to),
                        soci::into(key), soci::into(c.received), soci::into(c.dispatched),
                        soci::into(c.signed_on_time), soci::into(c.returned), soci::into(c.handled),
                        soci::into(c.reworked), soci::into(c.contacted_on_time),
                        soci::into(c.closed), soci::into(c.closed_on_time), soci::into(c.evaluated),
                        soci::into(c.resolved), soci::into(c.satisfied), soci::into(c.handling_ms));
  st.execute(false);
  while (st.fetch())
    if (c.received > 0) out[key] = c;
  return out;
}

Counts count_cases(soci::session& sql, const std::string& node_path, Millis from, Millis to,
                   CaseScope scope) {
  auto one = count_cases_by(sql, node_path, from, to, scope, false);
  return one.empty() ? Counts{} : one.begin()->second;
}

Rates rates_of(const Counts& c) {
  auto rate = [](long long n, long long d) {
    return d > 0 ? static_cast<double>(n) / static_cast<double>(d) : 0.0;
  };
  Rates r;
  r.response = rate(c.signed_on_time, c.dispatched);
  r.first_contact = rate(c.contacted_on_time, c.dispatched);
  r.resolution = rate(c.resolved, c.evaluated);
  r.satisfaction = rate(c.satisfied, c.evaluated);
  r.on_time_closure = rate(c.closed_on_time, c.closed);
  r.rework = rate(c.reworked, c.handled);
  r.returns = rate(c.returned, c.dispatched);
  r.average_handling_hours =
      c.closed > 0 ? static_cast<double>(c.handling_ms) / 3600000.0 / static_cast<double>(c.closed)
                   : 0.0;
  return r;
}

boost::json::object measures_json(const Counts& c) {
  Rates r = rates_of(c);
  auto pct = [](double v, long long denominator) {
    return denominator > 0 ? boost::json::value(std::round(v * 1000.0) / 10.0)
                           : boost::json::value(nullptr);
  };
  return boost::json::object{
      {"received", c.received},
      {"dispatched", c.dispatched},
      {"closed", c.closed},
      {"evaluated", c.evaluated},
      {"response_rate", pct(r.response, c.dispatched)},
      {"first_contact_rate", pct(r.first_contact, c.dispatched)},
      {"resolution_rate", pct(r.resolution, c.evaluated)},
      {"satisfaction_rate", pct(r.satisfaction, c.evaluated)},
      {"on_time_closure_rate", pct(r.on_time_closure, c.closed)},
      {"rework_rate", pct(r.rework, c.handled)},
      {"return_rate", pct(r.returns, c.dispatched)},
      {"average_handling_hours",
       c.closed > 0 ? boost::json::value(std::round(r.average_handling_hours * 10.0) / 10.0)
                    : boost::json::value(nullptr)}};
}

}  // namespace gridgov::cases
