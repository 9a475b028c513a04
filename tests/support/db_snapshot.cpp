#include "support/db_snapshot.hpp"

#include <soci/soci.h>
#include <functional>
#include <vector>

namespace gridgov::testing {

Snapshot sqlite_snapshot(soci::session& s) {
  Snapshot out;
  std::vector<std::string> tables(500);
  s << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
       "ORDER BY name",
      soci::into(tables);
  for (const auto& t : tables) {
    std::vector<std::string> cols(200);
    s << "SELECT name FROM pragma_table_info(:t)", soci::use(t), soci::into(cols);
    std::string row_sql;
    for (const auto& c : cols)
      row_sql += (row_sql.empty() ? "" : " || '|' || ") + ("quote(\"" + c + "\")");
    soci::rowset<std::string> rows =
        (s.prepare << "SELECT " + row_sql + " FROM \"" + t + "\" ORDER BY rowid");
    long long n = 0;
    std::size_t h = 0;
    for (const auto& r : rows) {
      h = h * 1000003u ^ std::hash<std::string>{}(r);
      ++n;
    }
    out[t] = {n, h};
  }
  return out;
}

Snapshot pg_snapshot(soci::session& s, const std::string& schema) {
  Snapshot out;
  std::vector<std::string> tables(500);
  s << "SELECT table_name FROM information_schema.tables WHERE table_schema = :s"
       " AND table_type = 'BASE TABLE' ORDER BY table_name",
      soci::use(schema), soci::into(tables);
  for (const auto& t : tables) {
    long long n = 0;
    std::string digest;
    soci::indicator ind;
    s << "SELECT COUNT(*), md5(string_agg(r::text, '|' ORDER BY r::text)) FROM \"" + schema +
             "\".\"" + t + "\" r",
        soci::into(n), soci::into(digest, ind);
    out[t] = {n, ind == soci::i_ok ? std::hash<std::string>{}(digest) : 0};
  }
  return out;
}

std::string differences(const Snapshot& a, const Snapshot& b) {
  std::string out;
  for (const auto& [t, v] : b) {
    auto it = a.find(t);
    if (it == a.end() || it->second != v)
      out += t + " (" + std::to_string(it == a.end() ? 0 : it->second.first) + " → " +
             std::to_string(v.first) + " rows) ";
  }
  for (const auto& [t, v] : a)
    if (!b.contains(t)) out += t + " (gone) ";
  return out;
}

}  // namespace gridgov::testing
