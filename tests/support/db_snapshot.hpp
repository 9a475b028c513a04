#pragma once
// Every table of a SQLite database (or a PostgreSQL schema), each as its row count and one hash of
// its rows in order: two databases (or one before and after) compare equal exactly when every table
// holds the same rows.
#include <map>
#include <string>
#include <utility>

namespace soci {
class session;
}

namespace gridgov::testing {

using Snapshot = std::map<std::string, std::pair<long long, std::size_t>>;

Snapshot sqlite_snapshot(soci::session& s);
// The same of one PostgreSQL schema (each table's rows as text, in their text order).
Snapshot pg_snapshot(soci::session& s, const std::string& schema);
// The tables that differ, with their row counts: "cases (12 → 13 rows) …".
std::string differences(const Snapshot& a, const Snapshot& b);

}  // namespace gridgov::testing
