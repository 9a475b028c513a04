#include "features/registry/visits.hpp"

#include "features/registry/store.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <map>

#include "platform/db/row_map.hpp"

namespace gridgov::registry {

const std::vector<KeyGroup>& default_key_groups() {
  static const std::vector<KeyGroup> g = {
      {"elderly_alone", "独居老人", "Elderly living alone", 1, true},
      {"disabled", "残疾人", "People with disabilities", 7, true},
      {"low_income", "低保户", "Low-income households", 14, true},
      {"veteran", "退役军人", "Veterans", 30, true},
      {"minor_in_difficulty", "困境儿童", "Minors in difficulty", 7, true},
      {"special_group", "特殊人群", "Special groups", 7, true},
      {"serious_illness", "重病患者", "Seriously ill", 3, true},
  };
  return g;
}

std::vector<Migration> visit_migrations() {
  Migration m{"registry",
              3,
              "key groups and visits",
              {"CREATE TABLE key_groups (id TEXT PRIMARY KEY, zh TEXT NOT NULL, en TEXT NOT NULL,"
               " visit_days INTEGER NOT NULL, active INTEGER NOT NULL, updated_at BIGINT NOT NULL,"
               " updated_by BIGINT NOT NULL)",
               "CREATE TABLE visits (id BIGINT PRIMARY KEY, person_id BIGINT NOT NULL,"
               " node_path TEXT NOT NULL, visitor_id BIGINT NOT NULL, visitor_name TEXT NOT NULL,"
               " seen TEXT NOT NULL, needs TEXT NOT NULL, case_id BIGINT NOT NULL,"
               " at BIGINT NOT NULL)",
               "CREATE INDEX visits_by_person ON visits (person_id, at)",
               "CREATE INDEX visits_by_place ON visits (node_path, at)"},
              {}};
  for (const auto& g : default_key_groups()) {
    m.sql.push_back("INSERT INTO key_groups VALUES ('" + g.id + "', '" + g.zh + "', '" + g.en +
                    "', " + std::to_string(g.visit_days) + ", 1, 0, 0)");
  }
  return {m};
}

namespace {
const db::RowMap<KeyGroup>& key_group_map() {
  static const auto map = db::RowMap<KeyGroup>("key_groups")
                              .col("id", &KeyGroup::id)
                              .col("zh", &KeyGroup::zh)
                              .col("en", &KeyGroup::en)
                              .col("visit_days", &KeyGroup::visit_days)
                              .col("active", &KeyGroup::active)
                              .col("updated_at", &KeyGroup::updated_at)
                              .col("updated_by", &KeyGroup::updated_by);
  return map;
}
const db::RowMap<Visit>& visit_map() {
  static const auto map = db::RowMap<Visit>("visits")
                              .col("id", &Visit::id)
                              .col("person_id", &Visit::person_id)
                              .col("node_path", &Visit::node_path)
                              .col("visitor_id", &Visit::visitor_id)
                              .col("visitor_name", &Visit::visitor_name)
                              .col("seen", &Visit::seen)
                              .col("needs", &Visit::needs)
                              .col("case_id", &Visit::case_id)
                              .col("at", &Visit::at);
  return map;
}
}  // namespace

std::vector<KeyGroup> key_groups(soci::session& sql) {
  return db::read_rows(key_group_map(), sql, "ORDER BY visit_days, id", db::no_params);
}

void save_key_group(WriteTx& tx, const KeyGroup& g, Id by, Millis now) {
  db::PreparedWrite<KeyGroup> upsert(tx.sql, key_group_map(), key_group_map().upsert_sql("id"), {});
  upsert.row() = g;
  upsert.row().updated_at = now;
  upsert.row().updated_by = by;
  upsert.execute();
}

void insert_visit(WriteTx& tx, const Visit& v) {
  db::PreparedWrite<Visit> ins(tx.sql, visit_map(), visit_map().insert_sql(), {});
  ins.row() = v;
  ins.execute();
}

std::vector<Visit> visits_of(soci::session& sql, Id person_id, int limit) {
  return db::read_rows(visit_map(), sql,
                       "WHERE person_id = :p ORDER BY at DESC LIMIT " + std::to_string(limit),
                       [&](soci::statement& st) { st.exchange(soci::use(person_id, "p")); });
}

int days_until_due(Millis since, Millis last, int interval_days, Millis now) {
  // Never visited: due the day they entered the group's list.
  long long base = last ? cst_day_number(last) + interval_days : cst_day_number(since);
  return static_cast<int>(base - cst_day_number(now));
}

namespace {

// Who in a key group at and below a place is due, without loading their rows:
// the dashboard counts these, the due list loads only the people it shows.
struct Schedule {
  Id person_id = 0;
  std::vector<std::string> groups;
  int interval_days = 0;
  Millis last_visit = 0;
  int days = 0;
};

std::vector<Schedule> schedules(soci::session& sql, const std::string& node_path, Millis now) {
  std::map<std::string, int> interval;
  for (const auto& g : key_groups(sql))
    if (g.active) interval[g.id] = g.visit_days;
  std::string pattern = node_path + "%";
  std::map<Id, Millis> last;
  {
    Id person = 0;
    Millis at = 0;
    soci::statement st =
        (sql.prepare << "SELECT person_id, MAX(at) FROM visits WHERE node_path LIKE :p"
                        " GROUP BY person_id",
         soci::use(pattern), soci::into(person), soci::into(at));
    st.execute(false);
    while (st.fetch()) last[person] = at;
  }
  std::vector<Schedule> out;
  Id id = 0;
  std::string tags;
  Millis since = 0;
  // Tags are stored ",a,b," — "," is nobody's group.
  soci::statement st =
      (sql.prepare << "SELECT id, tags, created_at FROM persons WHERE status = 'active'"
                      " AND node_path LIKE :p AND tags <> ','",
       soci::use(pattern), soci::into(id), soci::into(tags), soci::into(since));
  st.execute(false);
  while (st.fetch()) {
    Schedule d;
    std::size_t at = 1;
    while (at < tags.size()) {
      auto end = tags.find(',', at);
      if (end == std::string::npos) break;
      std::string tag = tags.substr(at, end - at);
      if (auto it = interval.find(tag); it != interval.end()) {
        d.groups.push_back(tag);
        d.interval_days = d.interval_days ? std::min(d.interval_days, it->second) : it->second;
      }
      at = end + 1;
    }
    if (d.groups.empty()) continue;
    d.person_id = id;
    d.last_visit = last.count(id) ? last[id] : 0;
    d.days = days_until_due(since, d.last_visit, d.interval_days, now);
    if (d.days <= 0) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

std::vector<Due> due_visits(soci::session& sql, const std::string& node_path, Millis now) {
  std::vector<Due> out;
  for (auto& s : schedules(sql, node_path, now)) {
    auto p = get(sql, s.person_id);
    if (!p) continue;
    Due d;
    d.person = std::move(*p);
    d.groups = std::move(s.groups);
    d.interval_days = s.interval_days;
    d.last_visit = s.last_visit;
    d.days = s.days;
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const Due& a, const Due& b) { return a.days < b.days; });
  return out;
}

long long visits_overdue_below(soci::session& sql, const std::string& node_path, long long now) {
  long long n = 0;
  for (const auto& s : schedules(sql, node_path, now)) n += s.days < 0;
  return n;
}

boost::json::object key_group_json(const KeyGroup& g) {
  return boost::json::object{
      {"id", g.id}, {"zh", g.zh}, {"en", g.en}, {"visit_days", g.visit_days}, {"active", g.active}};
}

}  // namespace gridgov::registry
