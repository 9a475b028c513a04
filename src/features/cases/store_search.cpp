// What other features read of cases (reads.hpp): filtered pages for other systems
// (Open311 GET requests, open-data exports) — staff desks use store::list, tuned
// for their queues — single cases, their history, reports at a building.
#include <soci/soci.h>

#include "features/cases/case_rows.hpp"
#include "features/cases/daily.hpp"
#include "features/cases/open_counts.hpp"
#include "features/cases/reads.hpp"
#include "features/cases/store.hpp"

namespace gridgov::cases {

namespace {

// " AND column IN (:p0, :p1 …)" for a list of values, bound later in order.
std::string in_list(const char* column, const std::string& prefix, std::size_t n) {
  if (n == 0) return "";
  std::string sql = std::string(" AND ") + column + " IN (";
  for (std::size_t i = 0; i < n; ++i) sql += (i ? ", :" : ":") + prefix + std::to_string(i);
  return sql + ")";
}

void bind_list(soci::statement& st, const std::vector<std::string>& values,
               const std::string& prefix) {
  for (std::size_t i = 0; i < values.size(); ++i)
    st.exchange(soci::use(values[i], prefix + std::to_string(i)));
}

}  // namespace

std::vector<Case> search_cases(soci::session& sql, const CaseSearch& s) {
  std::string where = "1 = 1";
  std::string pattern = s.scope + "%";
  if (!s.scope.empty()) where += " AND node_path LIKE :scope";
  where += in_list("code", "code", s.codes.size());
  where += in_list("category", "cat", s.categories.size());
  where += in_list("state", "st", s.states.size());
  Millis cf = s.created_from, ct = s.created_to, uf = s.updated_from, ut = s.updated_to;
  if (cf) where += " AND created_at >= :cf";
  if (ct) where += " AND created_at < :ct";
  if (uf) where += " AND updated_at >= :uf";
  if (ut) where += " AND updated_at < :ut";
  const char* order =
      s.oldest_first ? " ORDER BY created_at, id" : " ORDER BY created_at DESC, id DESC";
  return db::read_rows(store::case_map(), sql,
                       "WHERE " + where + order + " LIMIT " + std::to_string(s.limit) + " OFFSET " +
                           std::to_string(s.offset),
                       [&](soci::statement& st) {
                         if (!s.scope.empty()) st.exchange(soci::use(pattern, "scope"));
                         bind_list(st, s.codes, "code");
                         bind_list(st, s.categories, "cat");
                         bind_list(st, s.states, "st");
                         if (cf) st.exchange(soci::use(cf, "cf"));
                         if (ct) st.exchange(soci::use(ct, "ct"));
                         if (uf) st.exchange(soci::use(uf, "uf"));
                         if (ut) st.exchange(soci::use(ut, "ut"));
                       });
}

std::optional<Case> find_case(soci::session& sql, Id id) {
  return store::get(sql, id);
}

std::vector<HistoryRow> case_history(soci::session& sql, Id case_id) {
  return store::history(sql, case_id);
}

std::optional<Case> find_case_by_code(soci::session& sql, const std::string& code) {
  CaseSearch s;
  s.codes = {code};
  s.limit = 1;
  auto rows = search_cases(sql, s);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

long long reports_at_building(soci::session& sql, Id building_id, Millis since) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cases WHERE building_id = :b AND created_at >= :s",
      soci::use(building_id), soci::use(since), soci::into(n);
  return n;
}

namespace store {

Situation situation_at(soci::session& sql, const std::string& path, Millis day_start) {
  Situation s;
  if (open_counts::covers(path)) {
    // A grid and above from the aggregates: their cost does not grow with the cases.
    auto n = open_counts::at(sql, path);
    s.open = n.open;
    s.due_soon = n.due_soon;
    s.overdue = n.overdue;
    s.today = daily::received_on(sql, path, cst_day(day_start));
    return s;
  }
  // A micro-grid and below: their few cases counted.
  std::string prefix = path + "%";
  sql << std::string(
             "SELECT COUNT(*), COALESCE(SUM(CASE WHEN deadline_status = 'due_soon' THEN 1"
             " ELSE 0 END), 0), COALESCE(SUM(CASE WHEN deadline_status = 'overdue' THEN 1"
             " ELSE 0 END), 0) FROM cases WHERE node_path LIKE :p AND ") +
             kOpen,
      soci::use(prefix), soci::into(s.open), soci::into(s.due_soon), soci::into(s.overdue);
  sql << "SELECT COUNT(*) FROM cases WHERE node_path LIKE :p AND created_at >= :t"
         " AND state <> 'merged'",
      soci::use(prefix), soci::use(day_start), soci::into(s.today);
  return s;
}

long long count_below(soci::session& sql, const std::string& path) {
  long long n = 0;
  std::string prefix = path + "%";
  sql << "SELECT COUNT(*) FROM cases WHERE node_path LIKE :p", soci::use(prefix), soci::into(n);
  return n;
}

}  // namespace store
}  // namespace gridgov::cases
