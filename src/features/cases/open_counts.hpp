#pragma once
// Open cases by place (the dispatcher's situation): for each grid, and each
// place above a grid that holds cases of its own, how many cases are open, due
// soon and overdue. Every write that changes a case's openness, place or
// deadline status adds the difference (store.cpp, and the sweep's bulk updates
// in deadlines.cpp), so a street with thousands of open cases is answered from
// a few hundred rows instead of its cases.
#include <map>
#include <string>

#include "features/cases/model.hpp"
#include "platform/db/database.hpp"

namespace gridgov::cases::open_counts {

struct Open {
  long long open = 0, due_soon = 0, overdue = 0;
  bool zero() const { return open == 0 && due_soon == 0 && overdue == 0; }
};

// What one case, as it stands, adds (nothing once it is closed, rejected or merged).
Open of(const Case& c);
// Adds what a write changed: `before` (none for a new case) taken away at its
// place, `after` added at its own.
void changed(WriteTx& tx, const Case* before, const Case& after);
// Adds a difference at a case's place (the sweep's bulk updates).
void add(WriteTx& tx, const std::string& node_path, const Open& d);

// Places answered from the counts: a grid or anything above it.
bool covers(const std::string& node_path);
// The sums at and below a node `covers` accepts.
Open at(soci::session& sql, const std::string& node_path);

// Every row recomputed from the cases (daily::rebuild calls these).
using Rows = std::map<std::string, Open>;  // by the place the counts are kept at
void accumulate(Rows& rows, const Case& c);
void replace_all(WriteTx& tx, const Rows& rows);

}  // namespace gridgov::cases::open_counts
