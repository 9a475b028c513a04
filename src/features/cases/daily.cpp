#include "features/cases/daily.hpp"

#include <soci/soci.h>
#include <algorithm>
#include <ctime>
#include <tuple>

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
constexpr const char* kSums =
    "SUM(received), SUM(dispatched), SUM(signed_on_time), SUM(returned), SUM(handled),"
    " SUM(reworked), SUM(closed), SUM(closed_on_time), SUM(evaluated), SUM(resolved),"
    " SUM(satisfied), SUM(handling_ms), SUM(contacted_on_time)";
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

std::string beijing_day(Millis t) {
  std::time_t s = static_cast<std::time_t>(t / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
  return buf;
}

Millis day_start(Millis t) {
  constexpr Millis kDay = 24LL * 3600 * 1000, kOffset = 8LL * 3600 * 1000;
  Millis local = t + kOffset;
  Millis floor = local - ((local % kDay) + kDay) % kDay;
  return floor - kOffset;
}

std::string street_path(const std::string& node_path) {
  std::size_t pos = 0;
  for (int slashes = 0; pos < node_path.size(); ++pos) {
    if (node_path[pos] == '/' && ++slashes == 6) return node_path.substr(0, pos + 1);
  }
  return node_path;
}

bool covers(const std::string& node_path) {
  return street_path(node_path) == node_path;  // a path of five levels or fewer
}

namespace {
// Every intake and most steps add to one row: kept prepared on the writer's connection.
struct DailyAdd {
  std::string day, path, category;
  Counts d;
  soci::statement st;
  explicit DailyAdd(soci::session& sql)
      : st((sql.prepare
                << "INSERT INTO case_daily (day, street_path, category, received, dispatched,"
                   " signed_on_time, returned, handled, reworked, closed, closed_on_time, "
                   "evaluated,"
                   " resolved, satisfied, handling_ms, contacted_on_time) VALUES (:day, :p, :cat,"
                   " :a, :b, :c, :d, :e, :f, :g, :h, :i, :j, :k, :l, :m)"
                   " ON CONFLICT (day, street_path, category) DO UPDATE SET"
                   " received = case_daily.received + excluded.received,"
                   " dispatched = case_daily.dispatched + excluded.dispatched,"
                   " signed_on_time = case_daily.signed_on_time + excluded.signed_on_time,"
                   " returned = case_daily.returned + excluded.returned,"
                   " handled = case_daily.handled + excluded.handled,"
                   " reworked = case_daily.reworked + excluded.reworked,"
                   " closed = case_daily.closed + excluded.closed,"
                   " closed_on_time = case_daily.closed_on_time + excluded.closed_on_time,"
                   " evaluated = case_daily.evaluated + excluded.evaluated,"
                   " resolved = case_daily.resolved + excluded.resolved,"
                   " satisfied = case_daily.satisfied + excluded.satisfied,"
                   " handling_ms = case_daily.handling_ms + excluded.handling_ms,"
                   " contacted_on_time = case_daily.contacted_on_time + excluded.contacted_on_time",
            soci::use(day), soci::use(path), soci::use(category), soci::use(d.received),
            soci::use(d.dispatched), soci::use(d.signed_on_time), soci::use(d.returned),
            soci::use(d.handled), soci::use(d.reworked), soci::use(d.closed),
            soci::use(d.closed_on_time), soci::use(d.evaluated), soci::use(d.resolved),
            soci::use(d.satisfied), soci::use(d.handling_ms), soci::use(d.contacted_on_time))) {}
};
}  // namespace

void add(WriteTx& tx, const Case& c, const Counts& d) {
  bool zero = true;
  Counts probe = d;
  each(probe, Counts{}, [&](long long& x, long long) { zero = zero && x == 0; });
  if (zero) return;  // most steps change no measure
  auto& up = tx.prepared<DailyAdd>();
  up.day = beijing_day(c.created_at);
  up.path = street_path(c.node_path);
  up.category = c.category;
  up.d = d;
  up.st.execute(true);
}

Sums sums(soci::session& sql, const std::string& node_path, const std::string& from_day,
          const std::string& to_day) {
  Sums out;
  // A street reads its own rows through (street_path, day); wider scopes read
  // the period's rows of every street below them through the primary key (day first).
  bool one_street = street_path(node_path) == node_path &&
                    std::count(node_path.begin(), node_path.end(), '/') == 6;
  std::string street, category, pattern = one_street ? node_path : node_path + "%";
  Counts c;
  soci::statement st =
      (sql.prepare << std::string("SELECT street_path, category, ") + kSums +
                          " FROM case_daily WHERE day >= :f AND day < :t AND street_path " +
                          (one_street ? "= :p" : "LIKE :p") + " GROUP BY street_path, category",
       soci::use(from_day), soci::use(to_day), soci::use(pattern), soci::into(street),
       soci::into(category), soci::into(c.received), soci::into(c.dispatched),
       soci::into(c.signed_on_time), soci::into(c.returned), soci::into(c.handled),
       soci::into(c.reworked), soci::into(c.closed), soci::into(c.closed_on_time),
       soci::into(c.evaluated), soci::into(c.resolved), soci::into(c.satisfied),
       soci::into(c.handling_ms), soci::into(c.contacted_on_time));
  st.execute(false);
  while (st.fetch()) {
    out.total += c;
    out.by_street[street] += c;
    out.by_category[category] += c;
  }
  return out;
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
  // Streamed by id so memory holds only the aggregate, then written in one go.
  std::map<std::tuple<std::string, std::string, std::string>, Counts> sums;
  Id after = 0;
  for (;;) {
    auto page = db.read([&](soci::session& s) { return store::page_by_id(s, after, 5000); });
    if (page.empty()) break;
    for (const auto& c : page)
      sums[{beijing_day(c.created_at), street_path(c.node_path), c.category}] += contribution(c);
    after = page.back().id;
  }
  return db.write([&](WriteTx& tx) -> Status {
    tx.sql << "DELETE FROM case_daily";
    for (const auto& [key, counts] : sums) {
      tx.sql << "INSERT INTO case_daily (day, street_path, category, received, dispatched,"
                " signed_on_time, returned, handled, reworked, closed, closed_on_time, evaluated,"
                " resolved, satisfied, handling_ms, contacted_on_time) VALUES (:day, :p, :cat, :a,"
                " :b, :c, :d, :e, :f, :g, :h, :i, :j, :k, :l, :m)",
          soci::use(std::get<0>(key)), soci::use(std::get<1>(key)), soci::use(std::get<2>(key)),
          soci::use(counts.received), soci::use(counts.dispatched),
          soci::use(counts.signed_on_time), soci::use(counts.returned), soci::use(counts.handled),
          soci::use(counts.reworked), soci::use(counts.closed), soci::use(counts.closed_on_time),
          soci::use(counts.evaluated), soci::use(counts.resolved), soci::use(counts.satisfied),
          soci::use(counts.handling_ms), soci::use(counts.contacted_on_time);
    }
    tx.sql << "UPDATE case_daily_rebuild SET needed = 0";
    return {};
  });
}

}  // namespace daily
}  // namespace gridgov::cases
