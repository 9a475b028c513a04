#include "features/cases/daily.hpp"

#include <soci/soci.h>
#include <algorithm>
#include <ctime>
#include <tuple>

#include "features/cases/open_counts.hpp"

namespace gridgov::cases {

int milestone_of(std::string_view action, Millis at, const Case& c) {
  if (action == "dispatch" || action == "arbitrate") return kDispatchedOnce;
  if (action == "sign") return at <= c.sign_deadline ? kSignedOnTime : 0;
  if (action == "contact") return at <= c.contact_deadline ? kContactedOnTime : 0;
  if (action == "return") return kReturnedOnce;
  if (action == "handle") return kHandledOnce;
  if (action == "verify_fail") return kReworkedOnce;
  return 0;
}

Counts contribution(const Case& c) {
  Counts n;
  if (c.state == State::kMerged) return n;  // a duplicate counts through the case it joined
  n.received = 1;
  n.dispatched = (c.milestones & kDispatchedOnce) != 0;
  n.signed_on_time = (c.milestones & kSignedOnTime) != 0;
  n.returned = (c.milestones & kReturnedOnce) != 0;
  n.handled = (c.milestones & kHandledOnce) != 0;
  n.reworked = (c.milestones & kReworkedOnce) != 0;
  n.contacted_on_time = (c.milestones & kContactedOnTime) != 0;
  n.closed = c.closed_at > 0;
  n.closed_on_time = c.closed_at > 0 && c.closed_at <= c.close_deadline;
  n.evaluated = c.satisfied.has_value();
  n.resolved = c.resolved.value_or(false);
  n.satisfied = c.satisfied.value_or(false);
  n.handling_ms = c.closed_at > 0 ? c.closed_at - c.created_at : 0;
  return n;
}

namespace {
// Every field of Counts, for the arithmetic and the SQL alike.
template <typename F>
void each(Counts& a, const Counts& b, F f) {
  f(a.received, b.received);
  f(a.dispatched, b.dispatched);
  f(a.signed_on_time, b.signed_on_time);
  f(a.returned, b.returned);
  f(a.handled, b.handled);
  f(a.reworked, b.reworked);
  f(a.contacted_on_time, b.contacted_on_time);
  f(a.closed, b.closed);
  f(a.closed_on_time, b.closed_on_time);
  f(a.evaluated, b.evaluated);
  f(a.resolved, b.resolved);
  f(a.satisfied, b.satisfied);
  f(a.handling_ms, b.handling_ms);
}
// The aggregate columns, in the order each() visits the fields.
constexpr const char* kColumns[] = {
    "received", "dispatched",        "signed_on_time", "returned",       "handled",
    "reworked", "contacted_on_time", "closed",         "closed_on_time", "evaluated",
    "resolved", "satisfied",         "handling_ms"};

// Binds every field of `c` in column order (as uses or intos).
template <typename Bind>
void bind_counts(Counts& c, Bind bind) {
  int i = 0;
  each(c, Counts{}, [&](long long& field, long long) { bind(field, kColumns[i++]); });
}
}  // namespace

Counts operator-(const Counts& a, const Counts& b) {
  Counts out = a;
  each(out, b, [](long long& x, long long y) { x -= y; });
  return out;
}

Counts& operator+=(Counts& a, const Counts& b) {
  each(a, b, [](long long& x, long long y) { x += y; });
  return a;
}

namespace daily {

namespace {
// The path cut after `slashes` slashes (the first slashes-1 levels); shorter paths as they are.
std::string cut(const std::string& node_path, int slashes) {
  std::size_t pos = 0;
  for (int seen = 0; pos < node_path.size(); ++pos) {
    if (node_path[pos] == '/' && ++seen == slashes) return node_path.substr(0, pos + 1);
  }
  return node_path;
}
int depth(const std::string& path) {
  return static_cast<int>(std::count(path.begin(), path.end(), '/'));
}
constexpr int kDistrictSlashes = 5, kStreetSlashes = 6, kCommunitySlashes = 7, kGridSlashes = 8;
}  // namespace

std::string street_path(const std::string& node_path) {
  return cut(node_path, kStreetSlashes);
}

std::string district_path(const std::string& node_path) {
  return cut(node_path, kDistrictSlashes);
}

std::string grid_path(const std::string& node_path) {
  return cut(node_path, kGridSlashes);
}

bool covers(const std::string& node_path) {
  return depth(node_path) <= kGridSlashes;  // a grid or anything above it
}

bool categories_from_cases(const std::string& node_path) {
  return depth(node_path) == kGridSlashes;
}

namespace {
// The aggregate tables, each the sums of kColumns for one Beijing day and one
// place cut at a level (× category where it says so):
//   case_daily           street × category    a street's own measures and categories
//   case_daily_street    street               the streets of wide scopes (rankings)
//   case_daily_district  district × category  the categories of wide scopes
//   case_daily_community community × category a street's communities, a community's categories
//   case_daily_grid      grid                 a community's grids, a grid's own totals
// A scope reads a few thousand rows of the table cut just below it, never its cases.
struct Table {
  const char* name;
  const char* place_column;
  bool by_category;
  int slashes;  // where the case's place is cut
};
constexpr Table kStreetCategory{"case_daily", "street_path", true, kStreetSlashes};
constexpr Table kStreet{"case_daily_street", "street_path", false, kStreetSlashes};
constexpr Table kDistrictCategory{"case_daily_district", "district_path", true, kDistrictSlashes};
constexpr Table kCommunityCategory{"case_daily_community", "community_path", true,
                                   kCommunitySlashes};
// By grid without category: a community's grids × days stay few even for a year (a grid's
// categories are counted from its cases: categories_from_cases).
constexpr Table kGrid{"case_daily_grid", "grid_path", false, kGridSlashes};

// Adds a difference to one row of table T; kept prepared on the writer's connection.
template <const Table& T>
struct Upsert {
  std::string day, place, category;
  Counts d;
  soci::statement st;
  explicit Upsert(soci::session& sql) : st(sql) {
    std::string cols = std::string("day, ") + T.place_column + (T.by_category ? ", category" : "");
    std::string values = T.by_category ? ":day, :place, :cat" : ":day, :place", sets;
    st.exchange(soci::use(day, "day"));
    st.exchange(soci::use(place, "place"));
    if (T.by_category) st.exchange(soci::use(category, "cat"));
    bind_counts(d, [&](long long& field, const char* name) {
      cols += std::string(", ") + name;
      values += std::string(", :") + name;
      sets += std::string(sets.empty() ? "" : ", ") + name + " = " + T.name + "." + name +
              " + excluded." + name;
      st.exchange(soci::use(field, name));
    });
    st.alloc();
    st.prepare(std::string("INSERT INTO ") + T.name + " (" + cols + ") VALUES (" + values +
               ") ON CONFLICT (day, " + T.place_column + (T.by_category ? ", category" : "") +
               ") DO UPDATE SET " + sets);
    st.define_and_bind();
  }
};

template <const Table& T>
void upsert(WriteTx& tx, const std::string& day, const std::string& place,
            const std::string& category, const Counts& d) {
  auto& up = tx.prepared<Upsert<T>>();
  up.day = day;
  up.place = place;
  up.category = category;
  up.d = d;
  up.st.execute(true);
}

// Sums of table T over days [from, to) for places matching `place` (= or
// LIKE), grouped by the place or the category.
std::map<std::string, Counts> grouped(soci::session& sql, const Table& t, const char* key,
                                      const std::string& place, bool exact,
                                      const std::string& from_day, const std::string& to_day) {
  std::map<std::string, Counts> out;
  std::string k, pattern = exact ? place : place + "%", sums;
  Counts c;
  soci::statement st(sql);
  st.exchange(soci::into(k));
  bind_counts(c, [&](long long& field, const char* name) {
    sums += std::string(", SUM(") + name + ")";
    st.exchange(soci::into(field));
  });
  st.exchange(soci::use(from_day, "f"));
  st.exchange(soci::use(to_day, "t"));
  st.exchange(soci::use(pattern, "p"));
  st.alloc();
  st.prepare(std::string("SELECT ") + key + sums + " FROM " + t.name +
             " WHERE day >= :f AND day < :t AND " + t.place_column +
             (exact ? " = :p" : " LIKE :p") + " GROUP BY " + key);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out[k] = c;
  return out;
}
}  // namespace

namespace {
constexpr const Table* kTables[] = {&kStreetCategory, &kStreet, &kDistrictCategory,
                                    &kCommunityCategory, &kGrid};
using RowKey = std::tuple<std::string, std::string, std::string>;  // day, place, category
using Rows = std::map<RowKey, Counts>;

void write_rows(WriteTx& tx, const Rows (&rows)[std::size(kTables)]) {
  auto put = [&](auto upsert_fn, const Rows& m) {
    for (const auto& [k, n] : m) upsert_fn(tx, std::get<0>(k), std::get<1>(k), std::get<2>(k), n);
  };
  put(upsert<kStreetCategory>, rows[0]);
  put(upsert<kStreet>, rows[1]);
  put(upsert<kDistrictCategory>, rows[2]);
  put(upsert<kCommunityCategory>, rows[3]);
  put(upsert<kGrid>, rows[4]);
}

// Rows of every table as differences, added up over a batch of writes and
// written once each before it commits: a burst of intake in one grid on one
// day is five upserts per batch, not five per case.
struct PendingSums : Deferred {
  Rows rows[std::size(kTables)];

  void add(std::size_t table, RowKey key, const Counts& d) { rows[table][std::move(key)] += d; }
  void merge_into(Deferred& batch) override {
    auto& into = static_cast<PendingSums&>(batch);
    for (std::size_t t = 0; t < std::size(kTables); ++t)
      for (auto& [k, d] : rows[t]) into.rows[t][k] += d;
  }
  void flush(WriteTx& tx) override { write_rows(tx, rows); }
};
}  // namespace

void add(WriteTx& tx, const Case& c, const Counts& d) {
  bool zero = true;
  Counts probe = d;
  each(probe, Counts{}, [&](long long& x, long long) { zero = zero && x == 0; });
  if (zero) return;  // most steps change no measure
  auto& pending = tx.deferred<PendingSums>();
  std::string day = cst_day(c.created_at);
  for (std::size_t t = 0; t < std::size(kTables); ++t)
    pending.add(
        t, {day, cut(c.node_path, kTables[t]->slashes), kTables[t]->by_category ? c.category : ""},
        d);
}

Sums sums(soci::session& sql, const std::string& node_path, const std::string& from_day,
          const std::string& to_day) {
  Sums out;
  // The node's own categories come from its level's table read exactly; its parts
  // from the table cut one level further down, read by prefix.
  auto read = [&](const Table& own, const Table& parts) {
    out.by_category = grouped(sql, own, "category", node_path, true, from_day, to_day);
    for (const auto& [cat, c] : out.by_category) out.total += c;
    out.by_part = grouped(sql, parts, parts.place_column, node_path, false, from_day, to_day);
  };
  switch (depth(node_path)) {
    case kGridSlashes:
      // Its totals; its categories and micro-grids are counted from its cases.
      out.by_part = grouped(sql, kGrid, "grid_path", node_path, true, from_day, to_day);
      for (const auto& [grid, c] : out.by_part) out.total += c;
      return out;
    case kCommunitySlashes:
      read(kCommunityCategory, kGrid);
      return out;
    case kStreetSlashes:
      read(kStreetCategory, kCommunityCategory);
      return out;
    default:  // a district and above: its streets, and categories by district
      out.by_part = grouped(sql, kStreet, "street_path", node_path, false, from_day, to_day);
      for (const auto& [street, c] : out.by_part) out.total += c;
      out.by_category =
          grouped(sql, kDistrictCategory, "category", node_path, false, from_day, to_day);
      return out;
  }
}

long long received_on(soci::session& sql, const std::string& node_path, const std::string& day) {
  long long n = 0;
  std::string prefix = node_path + "%";
  sql << "SELECT COALESCE(SUM(received), 0) FROM case_daily_grid WHERE day = :d"
         " AND grid_path LIKE :p",
      soci::use(day), soci::use(prefix), soci::into(n);
  return n;
}

Status rebuild(Database& db, bool force) {
  if (!force) {
    int needed = db.read([&](soci::session& s) {
      int n = 0;
      s << "SELECT COALESCE(MAX(needed), 0) FROM case_daily_rebuild", soci::into(n);
      return n;
    });
    if (!needed) return {};
  }
  // Streamed by id so memory holds only the sums, then written in one go.
  Rows rows[std::size(kTables)];
  open_counts::Rows open;
  Id after = 0;
  for (;;) {
    auto page = db.read([&](soci::session& s) { return store::page_by_id(s, after, 5000); });
    if (page.empty()) break;
    for (const auto& c : page) {
      Counts n = contribution(c);
      std::string day = cst_day(c.created_at);
      for (std::size_t t = 0; t < std::size(kTables); ++t)
        rows[t][{day, cut(c.node_path, kTables[t]->slashes),
                 kTables[t]->by_category ? c.category : ""}] += n;
      open_counts::accumulate(open, c);
    }
    after = page.back().id;
  }
  // Runs before the server takes writes (module start), so no case is counted twice
  // by differences still pending in a batch.
  return db.write([&](WriteTx& tx) -> Status {
    for (const Table* t : kTables) tx.sql << std::string("DELETE FROM ") + t->name;
    write_rows(tx, rows);
    open_counts::replace_all(tx, open);
    tx.sql << "UPDATE case_daily_rebuild SET needed = 0";
    return {};
  });
}

}  // namespace daily
}  // namespace gridgov::cases
