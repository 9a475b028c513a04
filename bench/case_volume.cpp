// A year of a megacity's hotline: fills a database that already holds the
// large demo city (`gridgov demo --scale large`) with N synthetic cases spread
// over its micro-grids and the last 365 days, then times what must stay fast
// at that size: a street's open queue, a whole-city month of measures, the
// overdue sweep over the open cases. Prints each figure.
//
//   case_volume --database sqlite:PATH [--cases 10000000] [--open 1000000]
//               [--privacy-key-file data/privacy.key] [--measure-only yes]
//               [--keep-indexes yes] [--under CODE]
//
// --under CODE puts every case in the grids and micro-grids below that node
// (one community made as busy as a district: bench/measures_scale.sh).
#include <soci/soci.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "features/cases/daily.hpp"
#include "features/cases/deadlines.hpp"
#include "features/cases/store.hpp"
#include "features/cases/taxonomy.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"
#include "platform/privacy/vault.hpp"
#include "platform/tree/tree.hpp"

using namespace gridgov;
using namespace gridgov::cases;
using Steady = std::chrono::steady_clock;

namespace {

constexpr Millis kHour = 3600 * 1000, kDay = 24 * kHour;

double ms_since(Steady::time_point t) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t).count();
}

struct Place {
  Id id;
  std::string path, district, grid_path;
  Id grid_id;
};

// p50 and p99 of `runs` timings of fn(i), in ms.
template <typename F>
std::pair<double, double> percentiles(int runs, F fn) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto start = Steady::now();
    fn(i);
    t.push_back(ms_since(start));
  }
  std::sort(t.begin(), t.end());
  return {t[t.size() / 2], t[std::min(t.size() - 1, t.size() * 99 / 100)]};
}

long rss_mib() {
  FILE* f = std::fopen("/proc/self/status", "r");
  char line[256];
  long kib = 0;
  while (f && std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "VmRSS: %ld kB", &kib) == 1) break;
  if (f) std::fclose(f);
  return kib / 1024;
}

// The state of a case reported `age` ago: mostly finished for old cases.
State finished_state(std::mt19937_64& rng) {
  unsigned r = rng() % 100;
  if (r < 70) return State::kEvaluated;
  if (r < 90) return State::kClosed;
  if (r < 95) return State::kRejected;
  return State::kMerged;
}
State open_state(std::mt19937_64& rng) {
  static const State s[] = {
      State::kReported, State::kAccepted, State::kDispatched, State::kDispatched, State::kHandling,
      State::kHandling, State::kHandling, State::kHandling,   State::kHandled,    State::kVerified};
  return s[rng() % 10];
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  long long total = 10000000, open_total = 1000000;
  std::string key_file = "data/privacy.key";
  bool measure_only = false;  // --measure-only yes: time an existing database
  // --keep-indexes yes: insert with every index in place — the raw batched
  // insert that intake over HTTP is compared with.
  std::string under;          // --under CODE: only below this node
  bool keep_indexes = false;  // the server's
                              // default: the phones must open there
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--database") url = argv[i + 1];
    if (k == "--cases") total = std::atoll(argv[i + 1]);
    if (k == "--open") open_total = std::atoll(argv[i + 1]);
    if (k == "--privacy-key-file") key_file = argv[i + 1];
    if (k == "--measure-only") measure_only = std::string(argv[i + 1]) == "yes";
    if (k == "--keep-indexes") keep_indexes = std::string(argv[i + 1]) == "yes";
    if (k == "--under") under = argv[i + 1];
  }
  if (url.empty() || open_total > total) {
    std::fprintf(stderr, "usage: case_volume --database sqlite:PATH [--cases N] [--open N]\n");
    return 2;
  }
  DbOptions options;
  options.url = url;
  auto db = Database::open(options);
  if (!db) {
    std::fprintf(stderr, "cannot open %s\n", url.c_str());
    return 1;
  }
  Database& d = **db;
  auto vault = privacy::Vault::load(key_file, "", true);
  if (!vault) {
    std::fprintf(stderr, "%s\n", vault.error().message_en.c_str());
    return 1;
  }

  // The micro-grids of the demo city, each with its grid (the default assignee).
  std::vector<Place> places = d.read([&](soci::session& s) {
    std::vector<Place> out;
    Place p;
    if (!under.empty()) {
      // Every grid and micro-grid below the node; a grid is its own assignee.
      auto top = tree::get_by_code(s, under);
      if (!top) return out;
      std::string prefix = top->path + "%";
      soci::statement st =
          (s.prepare << "SELECT m.id, m.path, m.district_code,"
                        " CASE WHEN m.level = 'grid' THEN m.path ELSE g.path END,"
                        " CASE WHEN m.level = 'grid' THEN m.id ELSE g.id END"
                        " FROM nodes m JOIN nodes g ON g.id = m.parent_id"
                        " WHERE m.level IN ('grid', 'microgrid') AND m.status = 'active'"
                        " AND m.path LIKE :p",
           soci::use(prefix), soci::into(p.id), soci::into(p.path), soci::into(p.district),
           soci::into(p.grid_path), soci::into(p.grid_id));
      st.execute(false);
      while (st.fetch()) out.push_back(p);
      return out;
    }
    soci::statement st =
        (s.prepare << "SELECT m.id, m.path, m.district_code, g.path, g.id FROM nodes m"
                      " JOIN nodes g ON g.id = m.parent_id WHERE m.level = 'microgrid'"
                      " AND m.status = 'active'",
         soci::into(p.id), soci::into(p.path), soci::into(p.district), soci::into(p.grid_path),
         soci::into(p.grid_id));
    st.execute(false);
    while (st.fetch()) out.push_back(p);
    return out;
  });
  if (places.empty()) {
    std::fprintf(stderr, "no micro-grids: run `gridgov demo --scale large` first\n");
    return 1;
  }
  Millis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  auto start = Steady::now();
  if (!measure_only) {
    std::printf("==> %zu micro-grids; generating %lld cases (%lld open)\n", places.size(), total,
                open_total);

    const auto& categories = default_categories();

    std::mt19937_64 rng(20261122);
    // Which cases stay open: the most recent ones are likelier to, so pick
    // `open_total` among the last 45 days' worth of cases.
    long long recent = std::min(total, std::max(open_total, total * 45 / 365));
    std::map<std::pair<std::string, std::string>, int> sequences;
    // Numbering goes on from the cases already there (the demo's month).
    d.read([&](soci::session& s) {
      std::string district, day;
      int last = 0;
      soci::statement st = (s.prepare << "SELECT district_code, day, last FROM case_sequences",
                            soci::into(district), soci::into(day), soci::into(last));
      st.execute(false);
      while (st.fetch()) sequences[{district, day}] = last;
      return 0;
    });

    // A bulk load: the secondary indexes of the cases are dropped while the rows
    // go in and built afterwards (a year of intake never needs that; generating
    // it in minutes does).
    std::vector<std::string> index_sql = d.read([&](soci::session& s) {
      std::vector<std::string> out;
      std::string sql;
      soci::indicator ind;
      soci::statement st = (s.prepare << "SELECT sql FROM sqlite_master WHERE type = 'index'"
                                         " AND tbl_name = 'cases' AND sql IS NOT NULL",
                            soci::into(sql, ind));
      st.execute(false);
      while (st.fetch())
        if (!keep_indexes) out.push_back(sql);
      return out;
    });
    (void)d.write([&](WriteTx& tx) -> Status {
      for (const auto& sql : index_sql) {
        std::string name = sql.substr(13, sql.find(" ON ") - 13);  // "CREATE INDEX <name> ON"
        tx.sql << "DROP INDEX " + name;
      }
      return {};
    });

    // One prepared statement, rows bound by reference: the raw batched insert.
    Case c;
    std::string state_text;
    int resolved = 0, satisfied = 0;
    soci::indicator sat_ind = soci::i_null, res_ind = soci::i_null;
    long long written = 0, fresh_overdue = 0;
    start = Steady::now();
    const long long kBatch = 20000;
    while (written < total) {
      Status st = d.write([&](WriteTx& tx) -> Status {
        soci::statement ins =
            (tx.sql.prepare
                 << "INSERT INTO cases (id, code, district_code, node_id, node_path, channel, kind,"
                    " category, urgency, title, description, address, contact_name, contact_phone,"
                    " contact_phone_mask, contact_phone_index, state, assignee_id, assignee_path, "
                    "created_at, updated_at, closed_at,"
                    " sign_deadline, close_deadline, deadline_status, milestones, resolved,"
                    " satisfied, rating) VALUES (:id, :code, :dc, :n, :np, 'hotline', 'complaint',"
                    " :cat, 'normal', :title, '', '', '', :cp, :cpm, :cpi, :state, :a, :ap, :c, :u,"
                    " :cl, :sd, :cd, :ds, :ms, :res, :sat, :rating)",
             soci::use(c.id), soci::use(c.code), soci::use(c.district_code), soci::use(c.node_id),
             soci::use(c.node_path), soci::use(c.category), soci::use(c.title),
             soci::use(c.contact_phone), soci::use(c.contact_phone_mask),
             soci::use(c.contact_phone_index), soci::use(state_text), soci::use(c.assignee_id),
             soci::use(c.assignee_path), soci::use(c.created_at), soci::use(c.updated_at),
             soci::use(c.closed_at), soci::use(c.sign_deadline), soci::use(c.close_deadline),
             soci::use(c.deadline_status), soci::use(c.milestones), soci::use(resolved, res_ind),
             soci::use(satisfied, sat_ind), soci::use(c.rating));
        for (long long b = 0; b < kBatch && written < total; ++b, ++written) {
          // Reported in created order over the last 365 days.
          c.created_at = now - 365 * kDay + (365 * kDay) * written / total;
          const Place& p = places[rng() % places.size()];
          c.id = new_id();
          c.district_code = p.district;
          std::string day = cst_day(c.created_at);
          int seq = ++sequences[{p.district, day}];
          char code[40];
          std::snprintf(code, sizeof code, "%s%s%05d", p.district.c_str(), day.c_str(), seq);
          c.code = code;
          c.node_id = p.id;
          c.node_path = p.path;
          c.category = categories[rng() % categories.size()].id;
          c.title = "热线来电";
          // A caller's number, sealed as intake seals it.
          char phone[16];
          std::snprintf(phone, sizeof phone, "13%09llu",
                        static_cast<unsigned long long>(rng() % 1000000000ULL));
          c.contact_phone = vault->seal(phone);
          c.contact_phone_mask = privacy::mask_phone(phone);
          c.contact_phone_index = vault->blind("phone", phone);
          c.sign_deadline = c.created_at + kDay;
          c.close_deadline = c.created_at + 7 * kDay;
          c.closed_at = 0;
          c.rating = 0;
          res_ind = sat_ind = soci::i_null;
          c.milestones = 0;
          c.assignee_id = 0;
          c.assignee_path.clear();
          c.deadline_status = "on_time";
          bool open = written >= total - recent &&
                      rng() % recent < static_cast<unsigned long long>(open_total);
          State s = open ? open_state(rng) : finished_state(rng);
          if (s != State::kReported && s != State::kRejected && s != State::kMerged &&
              s != State::kAccepted) {
            c.assignee_id = p.grid_id;
            c.assignee_path = p.grid_path;
            c.milestones |= kDispatchedOnce;
            if (rng() % 10 < 9) c.milestones |= kSignedOnTime;
            if (rng() % 100 < 85) c.milestones |= kContactedOnTime;
            if (rng() % 20 == 0) c.milestones |= kReturnedOnce;
            if (s != State::kDispatched && s != State::kHandling) c.milestones |= kHandledOnce;
            if (rng() % 25 == 0) c.milestones |= kReworkedOnce;
          }
          if (s == State::kClosed || s == State::kEvaluated) {
            c.closed_at = c.created_at + static_cast<Millis>(rng() % (9 * kDay));
          }
          if (s == State::kEvaluated) {
            satisfied = rng() % 100 < 92;
            resolved = satisfied || rng() % 2;
            sat_ind = res_ind = soci::i_ok;
            c.rating =
                satisfied ? 4 + static_cast<int>(rng() % 2) : 1 + static_cast<int>(rng() % 3);
          }
          if (open) {
            // Open cases' deadlines around now: those already past are overdue (and
            // were escalated); a thousand pass within the last minute, for the sweep.
            if (fresh_overdue < 1000 && rng() % 100 == 0) {
              c.close_deadline = now - static_cast<Millis>(rng() % 60000);
              ++fresh_overdue;
            } else if (c.close_deadline <= now) {
              c.deadline_status = "overdue";
            } else if (c.close_deadline <= now + kDay) {
              c.deadline_status = "due_soon";
            }
          }
          c.updated_at = std::max(c.created_at, c.closed_at);
          state_text = to_string(s);
          ins.execute(true);
        }
        return {};
      });
      if (!st) {
        std::fprintf(stderr, "\ninsert failed: %s\n", st.error().message_en.c_str());
        return 1;
      }
      std::fprintf(stderr, "\r  %lld / %lld cases", written, total);
    }
    double insert_ms = ms_since(start);
    std::fprintf(stderr, "\n");
    start = Steady::now();
    for (const auto& sql : index_sql) {
      (void)d.write([&](WriteTx& tx) -> Status {
        tx.sql << sql;
        return {};
      });
    }
    std::printf("secondary indexes of the cases (%zu) built after the load: %.1f s\n",
                index_sql.size(), ms_since(start) / 1000);
    // The day counters, so cases reported later today continue the numbering.
    (void)d.write([&](WriteTx& tx) -> Status {
      for (const auto& [key, last] : sequences) {
        tx.sql << "INSERT INTO case_sequences (district_code, day, last) VALUES (:d, :day, :l)"
                  " ON CONFLICT (district_code, day) DO UPDATE SET last = excluded.last",
            soci::use(key.first), soci::use(key.second), soci::use(last);
      }
      return {};
    });
    std::printf("%s: %.0f cases/s (%lld rows in %.1f s, batches of %lld)\n",
                keep_indexes ? "raw batched insert, every index in place"
                             : "bulk insert without secondary indexes",
                total / (insert_ms / 1000), total, insert_ms / 1000, kBatch);

    start = Steady::now();
    if (auto st = daily::rebuild(d, true); !st) return 1;
    std::printf("daily aggregates rebuilt from every case: %.1f s\n", ms_since(start) / 1000);
  }
  if (measure_only) {
    // A database from an older build: its aggregates may need filling after new migrations.
    start = Steady::now();
    if (auto st = daily::rebuild(d); !st) return 1;
    std::printf("daily aggregates brought up to date: %.1f s\n", ms_since(start) / 1000);
  }

  // A street's open queue (the desk's default view), over the city's streets.
  std::vector<std::string> streets = d.read([](soci::session& s) {
    std::vector<std::string> out;
    std::string path;
    soci::statement st =
        (s.prepare << "SELECT path FROM nodes WHERE level = 'street' AND status = 'active'",
         soci::into(path));
    st.execute(false);
    while (st.fetch()) out.push_back(path);
    return out;
  });
  auto [q50, q99] = percentiles(400, [&](int i) {
    store::Query q;
    q.scopes = {streets[static_cast<std::size_t>(i) % streets.size()]};
    q.assigned_scopes = q.scopes;
    q.reporter_id = 1;
    q.state = "open";
    q.limit = 50;
    auto rows = d.read([&](soci::session& s) { return store::list(s, q); });
    if (rows.empty() && i == 0) std::fprintf(stderr, "warning: an empty queue\n");
  });
  std::printf("street open queue (50 newest of %zu streets): p50 %.2f ms, p99 %.2f ms\n",
              streets.size(), q50, q99);

  // A whole city's month of measures from the daily aggregates.
  auto city = d.read([&](soci::session& s) { return tree::get_by_code(s, "420100000000"); });
  std::string from_day = cst_day(now - 30 * kDay), to_day = cst_day(now + kDay);
  Counts month;
  auto [m50, m99] = percentiles(50, [&](int) {
    month = d.read([&](soci::session& s) {
               return daily::sums(s, city->path, from_day, to_day);
             }).total;
  });
  std::printf("whole-city month of measures (%lld cases): p50 %.1f ms, p99 %.1f ms\n",
              month.received, m50, m99);
  auto exact_start = Steady::now();
  auto exact = d.read(
      [&](soci::session& s) { return count_cases(s, city->path, now - 30 * kDay, now + kDay); });
  std::printf("  the same counted from the cases instead: %.0f ms (%lld cases)\n",
              ms_since(exact_start), exact.received);

  // The overdue sweep over the open cases: once with the thousand just past due, once idle.
  DeadlinePolicy policy;
  start = Steady::now();
  auto swept = sweep(d, policy, now);
  double sweep_ms = ms_since(start);
  start = Steady::now();
  auto idle = sweep(d, policy, now);
  double idle_ms = ms_since(start);
  if (!swept || !idle) return 1;
  std::printf(
      "overdue sweep over %lld open cases: %.0f ms (%d newly overdue escalated, %d due "
      "soon); idle run %.0f ms\n",
      open_total, sweep_ms, swept->overdue, swept->due_soon, idle_ms);

  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("this process: RSS %ld MiB now, peak %ld MiB\n", rss_mib(), ru.ru_maxrss / 1024);
  return 0;
}
