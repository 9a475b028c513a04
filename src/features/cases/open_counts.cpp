#include "features/cases/open_counts.hpp"

#include <soci/soci.h>

#include "features/cases/daily.hpp"

namespace gridgov::cases::open_counts {

namespace {
bool is_open(State s) {
  switch (s) {
    case State::kClosed:
    case State::kEvaluated:
    case State::kRejected:
    case State::kMerged:
      return false;
    default:
      return true;
  }
}

Open operator-(const Open& a, const Open& b) {
  return {a.open - b.open, a.due_soon - b.due_soon, a.overdue - b.overdue};
}
Open& operator+=(Open& a, const Open& b) {
  a.open += b.open;
  a.due_soon += b.due_soon;
  a.overdue += b.overdue;
  return a;
}

// Adds a difference to one place's row; kept prepared on the writer's connection.
struct Upsert {
  std::string place;
  Open d;
  soci::statement st;
  explicit Upsert(soci::session& sql)
      : st((sql.prepare << "INSERT INTO case_open (place_path, open_cases, due_soon, overdue)"
                           " VALUES (:p, :o, :s, :v) ON CONFLICT (place_path) DO UPDATE SET"
                           " open_cases = case_open.open_cases + excluded.open_cases,"
                           " due_soon = case_open.due_soon + excluded.due_soon,"
                           " overdue = case_open.overdue + excluded.overdue",
            soci::use(place), soci::use(d.open), soci::use(d.due_soon), soci::use(d.overdue))) {}
};

void write_rows(WriteTx& tx, const Rows& rows) {
  auto& up = tx.prepared<Upsert>();
  for (const auto& [place, d] : rows) {
    if (d.zero()) continue;
    up.place = place;
    up.d = d;
    up.st.execute(true);
  }
}

// The differences of a batch's writes, added up and written once each before
// it commits (a burst of intake in one grid is one upsert per batch).
struct Pending : Deferred {
  Rows rows;
  void merge_into(Deferred& batch) override {
    auto& into = static_cast<Pending&>(batch);
    for (const auto& [place, d] : rows) into.rows[place] += d;
  }
  void flush(WriteTx& tx) override { write_rows(tx, rows); }
};
}  // namespace

Open of(const Case& c) {
  Open n;
  if (!is_open(c.state)) return n;
  n.open = 1;
  n.due_soon = c.deadline_status == "due_soon";
  n.overdue = c.deadline_status == "overdue";
  return n;
}

void add(WriteTx& tx, const std::string& node_path, const Open& d) {
  if (d.zero()) return;
  tx.deferred<Pending>().rows[daily::grid_path(node_path)] += d;
}

void changed(WriteTx& tx, const Case* before, const Case& after) {
  if (before && before->node_path == after.node_path) {
    add(tx, after.node_path, of(after) - of(*before));
    return;
  }
  if (before) add(tx, before->node_path, Open{} - of(*before));
  add(tx, after.node_path, of(after));
}

bool covers(const std::string& node_path) {
  return daily::covers(node_path);
}

Open at(soci::session& sql, const std::string& node_path) {
  Open n;
  std::string prefix = node_path + "%";
  sql << "SELECT COALESCE(SUM(open_cases), 0), COALESCE(SUM(due_soon), 0),"
         " COALESCE(SUM(overdue), 0) FROM case_open WHERE place_path LIKE :p",
      soci::use(prefix), soci::into(n.open), soci::into(n.due_soon), soci::into(n.overdue);
  return n;
}

void accumulate(Rows& rows, const Case& c) {
  Open n = of(c);
  if (!n.zero()) rows[daily::grid_path(c.node_path)] += n;
}

void replace_all(WriteTx& tx, const Rows& rows) {
  tx.sql << "DELETE FROM case_open";
  write_rows(tx, rows);
}

}  // namespace gridgov::cases::open_counts
