#include "features/cases/measures.hpp"

#include <soci/soci.h>

namespace gridgov::cases {

Counts count_cases(soci::session& sql, const std::string& node_path, Millis from, Millis to) {
  Counts c;
  std::string pattern = node_path + "%";
  // One pass over the period's cases; history facts through EXISTS on the (case_id, id) index.
  auto has = [](const char* actions) {
    return std::string(
               "EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = c.id AND h.action IN (") +
           actions + "))";
  };
  std::string query =
      "SELECT COUNT(*),"
      " COALESCE(SUM(CASE WHEN " +
      has("'dispatch', 'arbitrate'") +
      " THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = c.id AND "
      "h.action = 'sign'"
      "   AND h.at <= c.sign_deadline) THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN " +
      has("'return'") +
      " THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN " +
      has("'handle'") +
      " THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN " +
      has("'verify_fail'") +
      " THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN c.closed_at > 0 THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN c.closed_at > 0 AND c.closed_at <= c.close_deadline THEN 1 ELSE 0 "
      "END), 0),"
      " COALESCE(SUM(CASE WHEN c.satisfied IS NOT NULL THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN c.resolved = 1 THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN c.satisfied = 1 THEN 1 ELSE 0 END), 0),"
      " COALESCE(SUM(CASE WHEN c.closed_at > 0 THEN (c.closed_at - c.created_at) ELSE 0 END), 0)"
      " FROM cases c WHERE c.node_path LIKE :p AND c.created_at >= :f AND c.created_at < :t"
      " AND c.state <> 'merged'";
  long long handling_ms = 0;
  sql << query, soci::use(pattern), soci::use(from), soci::use(to), soci::into(c.received),
      soci::into(c.dispatched), soci::into(c.signed_on_time), soci::into(c.returned),
      soci::into(c.handled), soci::into(c.reworked), soci::into(c.closed),
      soci::into(c.closed_on_time), soci::into(c.evaluated), soci::into(c.resolved),
      soci::into(c.satisfied), soci::into(handling_ms);
  c.handling_hours_sum = static_cast<double>(handling_ms) / 3600000.0;
  return c;
}

Rates rates_of(const Counts& c) {
  auto rate = [](long long n, long long d) {
    return d > 0 ? static_cast<double>(n) / static_cast<double>(d) : 0.0;
  };
  Rates r;
  r.response = rate(c.signed_on_time, c.dispatched);
  r.resolution = rate(c.resolved, c.evaluated);
  r.satisfaction = rate(c.satisfied, c.evaluated);
  r.on_time_closure = rate(c.closed_on_time, c.closed);
  r.rework = rate(c.reworked, c.handled);
  r.returns = rate(c.returned, c.dispatched);
  r.average_handling_hours =
      c.closed > 0 ? c.handling_hours_sum / static_cast<double>(c.closed) : 0.0;
  return r;
}

}  // namespace gridgov::cases
