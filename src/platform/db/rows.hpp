#pragma once
// Reading rows into structs: a Row type binds its members to a statement's
// columns (bind) and turns them into the value returned (get). Include only
// where SQL is written (it pulls in SOCI).
#include <soci/soci.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gridgov::db {

// Runs `select_sql` with the uses `bind` adds and returns one Row::get() per row.
template <class Row, class Bind>
auto select_rows(soci::session& sql, const std::string& select_sql, Bind bind) {
  Row row;
  soci::statement st(sql);
  st.alloc();
  row.bind(st);
  bind(st);
  st.prepare(select_sql);
  st.define_and_bind();
  st.execute(false);
  std::vector<decltype(row.get())> out;
  while (st.fetch()) out.push_back(row.get());
  return out;
}

// The first row, if any (lookups by a key).
template <class Row, class Bind>
auto select_one(soci::session& sql, const std::string& select_sql, Bind bind)
    -> std::optional<decltype(Row().get())> {
  auto rows = select_rows<Row>(sql, select_sql, bind);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// Rows of one or two plain columns, for select_rows. (Never read ids with
// SOCI's vector into(): on SQLite it converts by the declared column type and
// truncates 64-bit ids of INTEGER PRIMARY KEY columns to 32 bits.)
template <class T>
struct One {
  T v{};
  void bind(soci::statement& st) { st.exchange(soci::into(v)); }
  T get() const { return v; }
};
template <class A, class B>
struct Two {
  A a{};
  B b{};
  void bind(soci::statement& st) {
    st.exchange(soci::into(a));
    st.exchange(soci::into(b));
  }
  std::pair<A, B> get() const { return {a, b}; }
};

// A statement without parameters.
inline void no_params(soci::statement&) {}

// Rows of `table` whose `column` (a node path) lies at or below `path` and that
// meet `condition` (SQL of our own, never the caller's input): the dashboard's counts.
inline long long count_under(soci::session& sql, const char* table, const std::string& path,
                             const char* condition, const char* column = "node_path") {
  long long n = 0;
  std::string pattern = path + "%";
  sql << std::string("SELECT COUNT(*) FROM ") + table + " WHERE " + column + " LIKE :p AND " +
             condition,
      soci::use(pattern), soci::into(n);
  return n;
}

}  // namespace gridgov::db
