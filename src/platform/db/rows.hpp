#pragma once
// Reading rows into structs: a Row type binds its members to a statement's
// columns (bind) and turns them into the value returned (get). Include only
// where SQL is written (it pulls in SOCI).
#include <soci/soci.h>

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

}  // namespace gridgov::db
