#include "features/registry/rental.hpp"

#include "features/cases/reads.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "features/registry/store.hpp"
#include "features/registry/visits.hpp"
#include "platform/config/config.hpp"
#include "platform/db/row_map.hpp"
#include "platform/db/rows.hpp"

namespace gridgov::registry {

namespace {
const char* kColors[4] = {"green", "yellow", "orange", "red"};

// A rented house's grade now; its last patrol (0: never) read beside it.
const db::RowMap<RentalHouse>& grade_map() {
  static const auto map =
      db::RowMap<RentalHouse>("rental_grades")
          .col("house_id", &RentalHouse::house_id)
          .col("building_id", &RentalHouse::building_id)
          .col("node_path", &RentalHouse::node_path)
          .col("color", &RentalHouse::color)
          .col("reasons", &RentalHouse::reasons)
          .col("level", &RentalHouse::level)
          .col("graded_at", &RentalHouse::graded_at)
          .joined(
              "COALESCE((SELECT MAX(at) FROM rental_patrols p WHERE p.house_id = g.house_id), 0)",
              &RentalHouse::last_patrol);
  return map;
}
const db::RowMap<GradeChange>& change_map() {
  static const auto map = db::RowMap<GradeChange>("rental_grade_history")
                              .col("id", &GradeChange::id)
                              .col("house_id", &GradeChange::house_id)
                              .col("color", &GradeChange::color)
                              .col("reasons", &GradeChange::reasons)
                              .col("at", &GradeChange::at);
  return map;
}
const db::RowMap<Patrol>& patrol_map() {
  static const auto map = db::RowMap<Patrol>("rental_patrols")
                              .col("id", &Patrol::id)
                              .col("house_id", &Patrol::house_id)
                              .col("node_path", &Patrol::node_path)
                              .col("patroller", &Patrol::patroller)
                              .col("note", &Patrol::note)
                              .col("hazards", &Patrol::hazards)
                              .col("at", &Patrol::at);
  return map;
}
}  // namespace

RentalRules rental_rules(const Config& c) {
  RentalRules r;
  r.patrol_days[0] = static_cast<int>(c.integer("rental.patrol_days_green"));
  r.patrol_days[1] = static_cast<int>(c.integer("rental.patrol_days_yellow"));
  r.patrol_days[2] = static_cast<int>(c.integer("rental.patrol_days_orange"));
  r.tenants_per_room_yellow = static_cast<double>(c.integer("rental.tenants_per_room_yellow"));
  r.tenants_per_room_orange = static_cast<double>(c.integer("rental.tenants_per_room_orange"));
  r.tenants_per_room_red = static_cast<double>(c.integer("rental.tenants_per_room_red"));
  return r;
}

Grade grade_of(const RentalInputs& in, const RentalRules& r) {
  Grade g;
  auto raise = [&](int level, std::string why) {
    g.level = std::max(g.level, level);
    g.reasons.push_back(std::move(why));
  };
  double per_room = static_cast<double>(in.tenants) / std::max(1, in.rooms);
  std::string density =
      "每间 " + std::to_string(in.tenants) + "/" + std::to_string(in.rooms) + " 人";
  if (per_room >= r.tenants_per_room_red)
    raise(3, "群租：" + density);
  else if (per_room >= r.tenants_per_room_orange)
    raise(2, "居住过密：" + density);
  else if (per_room >= r.tenants_per_room_yellow)
    raise(1, "居住偏密：" + density);
  if (in.open_hazards > 0)
    raise(in.open_hazards > 1 ? 3 : 2, "消防隐患未整改 " + std::to_string(in.open_hazards) + " 处");
  if (in.unregistered >= r.unregistered_orange)
    raise(2, "未登记租住 " + std::to_string(in.unregistered) + " 人");
  else if (in.unregistered >= r.unregistered_yellow)
    raise(1, "未登记租住 " + std::to_string(in.unregistered) + " 人");
  if (in.recent_complaints >= r.complaints_orange)
    raise(2, "近 90 天楼栋诉求 " + std::to_string(in.recent_complaints) + " 件");
  else if (in.recent_complaints >= r.complaints_yellow)
    raise(1, "近 90 天楼栋诉求 " + std::to_string(in.recent_complaints) + " 件");
  g.color = kColors[g.level];
  return g;
}

std::vector<Migration> rental_migrations() {
  return {{"registry",
           4,
           "rental grading: rooms, grades and their history, patrols",
           {"ALTER TABLE house_uses ADD COLUMN rooms INTEGER NOT NULL DEFAULT 1",
            "CREATE TABLE rental_grades (house_id BIGINT PRIMARY KEY, building_id BIGINT NOT NULL,"
            " node_path TEXT NOT NULL, color TEXT NOT NULL, level INTEGER NOT NULL,"
            " reasons TEXT NOT NULL, graded_at BIGINT NOT NULL)",
            "CREATE INDEX rental_grades_by_place ON rental_grades (node_path)",
            "CREATE TABLE rental_grade_history (id BIGINT PRIMARY KEY, house_id BIGINT NOT NULL,"
            " color TEXT NOT NULL, reasons TEXT NOT NULL, at BIGINT NOT NULL)",
            "CREATE INDEX rental_grade_history_by_house ON rental_grade_history (house_id, at)",
            "CREATE TABLE rental_patrols (id BIGINT PRIMARY KEY, house_id BIGINT NOT NULL,"
            " node_path TEXT NOT NULL, patroller TEXT NOT NULL, hazards INTEGER NOT NULL,"
            " note TEXT NOT NULL, at BIGINT NOT NULL)",
            "CREATE INDEX rental_patrols_by_house ON rental_patrols (house_id, at)"},
           {}},
          {"registry",
           5,
           "visit and rental path prefixes indexed on PostgreSQL",
           {"SELECT 1"},
           {"DROP INDEX visits_by_place",
            "CREATE INDEX visits_by_place ON visits (node_path text_pattern_ops, at)",
            "DROP INDEX rental_grades_by_place",
            "CREATE INDEX rental_grades_by_place ON rental_grades (node_path text_pattern_ops)"}}};
}

Grade regrade(WriteTx& tx, Id house_id, const RentalRules& rules, Millis now) {
  auto used = house_use_of(tx.sql, house_id);
  if (!used || used->use != "rented") {
    tx.sql << "DELETE FROM rental_grades WHERE house_id = :h", soci::use(house_id);
    return {};
  }
  RentalInputs in;
  in.rooms = used->rooms;
  tx.sql << "SELECT COUNT(*), COALESCE(SUM(CASE WHEN residence = 'resident' THEN 1 ELSE 0 END), 0)"
            " FROM persons WHERE house_id = :h AND status = 'active'",
      soci::use(house_id), soci::into(in.tenants), soci::into(in.unregistered);
  soci::indicator ind = soci::i_null;
  tx.sql << "SELECT hazards FROM rental_patrols WHERE house_id = :h ORDER BY at DESC, id DESC"
            " LIMIT 1",
      soci::use(house_id), soci::into(in.open_hazards, ind);
  if (!tx.sql.got_data()) in.open_hazards = 0;
  Millis since = now - 90LL * 24 * 3600 * 1000;
  in.recent_complaints =
      static_cast<int>(cases::reports_at_building(tx.sql, used->building_id, since));
  Grade g = grade_of(in, rules);
  std::string reasons;
  for (const auto& r : g.reasons) reasons += (reasons.empty() ? "" : "；") + r;
  auto before = current_grade(tx.sql, house_id);
  db::PreparedWrite<RentalHouse> upsert(
      tx.sql, grade_map(),
      grade_map().insert_sql() +
          " ON CONFLICT (house_id) DO UPDATE SET color = excluded.color, level = excluded.level,"
          " reasons = excluded.reasons, graded_at = CASE WHEN rental_grades.color ="
          " excluded.color THEN rental_grades.graded_at ELSE excluded.graded_at END",
      {});
  upsert.row() = {house_id, used->building_id, used->node_path, g.color, reasons, g.level, now};
  upsert.execute();
  if (!before || before->color != g.color) {
    db::PreparedWrite<GradeChange> ins(tx.sql, change_map(), change_map().insert_sql(), {});
    ins.row() = {new_id(), house_id, g.color, reasons, now};
    ins.execute();
  }
  return g;
}

void insert_patrol(WriteTx& tx, const Patrol& p) {
  db::PreparedWrite<Patrol> ins(tx.sql, patrol_map(), patrol_map().insert_sql(), {});
  ins.row() = p;
  ins.execute();
}

std::vector<RentalHouse> patrols_due(soci::session& sql, const std::string& node_path,
                                     const RentalRules& rules, Millis now) {
  std::vector<RentalHouse> out;
  std::string pattern = node_path + "%";
  for (auto& h :
       db::read_joined(grade_map(), sql, "g.", "rental_grades g", "WHERE g.node_path LIKE :p",
                       [&](soci::statement& st) { st.exchange(soci::use(pattern, "p")); })) {
    // Red is patrolled at once: due from the moment it turned red unless patrolled since.
    int days = rules.patrol_days[h.level];
    if (days == 0 && h.last_patrol >= h.graded_at) continue;
    h.days_until_due = days == 0 ? 0 : days_until_due(h.graded_at, h.last_patrol, days, now);
    if (h.days_until_due > 0) continue;
    out.push_back(std::move(h));
  }
  std::sort(out.begin(), out.end(), [](const RentalHouse& a, const RentalHouse& b) {
    return a.level == b.level ? a.days_until_due < b.days_until_due : a.level > b.level;
  });
  return out;
}

std::vector<GradeChange> grade_history(soci::session& sql, Id house_id) {
  return db::read_rows(change_map(), sql, "WHERE house_id = :h ORDER BY at, id",
                       [&](soci::statement& st) { st.exchange(soci::use(house_id, "h")); });
}

std::optional<GradeChange> current_grade(soci::session& sql, Id house_id) {
  // The grade's own row only: its last patrol (a joined column) is not needed here.
  auto now = db::read_row(grade_map(), sql, "WHERE house_id = :h",
                          [&](soci::statement& st) { st.exchange(soci::use(house_id, "h")); });
  if (!now) return std::nullopt;
  GradeChange g;
  g.house_id = house_id;
  g.color = now->color;
  g.reasons = now->reasons;
  return g;
}

long long red_rentals_below(soci::session& sql, const std::string& node_path, long long) {
  return db::count_under(sql, "rental_grades", node_path, "color = 'red'");
}

}  // namespace gridgov::registry
