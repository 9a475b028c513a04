#pragma once
// What other features may read of cases — Open311, open data, the registry's
// rental grading — without reaching into the store, which is private to cases.
#include <optional>
#include <string>
#include <vector>

#include "features/cases/model.hpp"

namespace soci {
class session;
}

namespace gridgov::cases {

std::optional<Case> find_case(soci::session& sql, Id id);
std::optional<Case> find_case_by_code(soci::session& sql, const std::string& code);
std::vector<HistoryRow> case_history(soci::session& sql, Id case_id);

// Cases for other systems (Open311, open data): every filter optional, newest
// first, a page at `offset`. Lists hold exact values (any of them matches).
struct CaseSearch {
  std::string scope;  // a node path: cases located in its subtree ("" = everywhere)
  std::vector<std::string> codes, categories, states;
  Millis created_from = 0, created_to = 0;  // [from, to); 0 = unbounded
  Millis updated_from = 0, updated_to = 0;
  int limit = 50;
  long long offset = 0;
  bool oldest_first = false;
};
std::vector<Case> search_cases(soci::session& sql, const CaseSearch& s);

// How many cases were reported at a building since `since` (the registry's rental
// grading asks: recent complaints weigh on a rented house's grade).
long long reports_at_building(soci::session& sql, Id building_id, Millis since);

}  // namespace gridgov::cases
