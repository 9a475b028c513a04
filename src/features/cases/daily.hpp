#pragma once
// Daily aggregates of the measures: for each Beijing day, place (cut at the
// street, district, community and grid) and category, the sums of what the
// cases reported that day contribute to the measures. Every insert and update
// of a case adds the difference it makes (store.cpp), so any scope from the
// city down to a grid is a sum over a few thousand rows instead of a pass over
// its cases (daily.cpp lists the tables).
#include <map>
#include <string>

#include "features/cases/measures.hpp"
#include "features/cases/store.hpp"

namespace gridgov::cases {

// What one case, as it stands, adds to the counts of its day (docs/measures.md).
Counts contribution(const Case& c);
Counts operator-(const Counts& a, const Counts& b);
Counts& operator+=(Counts& a, const Counts& b);

namespace daily {

// The case's place cut to the street: the first five levels of the path.
std::string street_path(const std::string& node_path);
// … and to the district: the first four.
std::string district_path(const std::string& node_path);
// … and to the grid (a place above a grid as it is).
std::string grid_path(const std::string& node_path);
// Nodes down to the grid are answered from the aggregates; micro-grids (and
// below) by counting their few cases.
bool covers(const std::string& node_path);
// A grid's totals come from the aggregates, its categories from its (few) cases.
bool categories_from_cases(const std::string& node_path);

void add(WriteTx& tx, const Case& c, const Counts& delta);
// Sums for cases at and below `node_path` reported on days [from_day, to_day):
// in total, by category, and by the node's parts one level down as the
// aggregates cut them (a district's or city's by street, a street's by
// community, a community's by grid; keyed by their paths).
struct Sums {
  Counts total;
  std::map<std::string, Counts> by_part, by_category;
};
Sums sums(soci::session& sql, const std::string& node_path, const std::string& from_day,
          const std::string& to_day);

// Cases reported on `day` at and below a node `covers` accepts (duplicates
// merged into another case not counted, as in the measures).
long long received_on(soci::session& sql, const std::string& node_path, const std::string& day);

// Recomputes every row, and the open counts (open_counts.hpp), from the cases
// (after a migration that adds a table, or to repair). Runs only when marked
// needed unless `force`.
Status rebuild(Database& db, bool force = false);

}  // namespace daily
}  // namespace gridgov::cases
