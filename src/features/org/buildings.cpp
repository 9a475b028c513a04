#include "features/org/buildings.hpp"

#include "platform/db/row_map.hpp"
#include "platform/db/rows.hpp"

#include <fmt/format.h>
#include <soci/soci.h>
#include <algorithm>
#include <cmath>

#include "platform/text/text.hpp"

namespace gridgov::org {

const std::vector<std::string>& building_uses() {
  static const std::vector<std::string> uses = {"residential", "commercial", "mixed", "office",
                                                "public"};
  return uses;
}

Status check_building(const BuildingSpec& b) {
  if (!std::isfinite(b.lng) || !std::isfinite(b.lat) || b.lng < -180 || b.lng > 180 ||
      b.lat < -90 || b.lat > 90) {
    return Error::invalid("lng", "楼栋位置须为 WGS84 经纬度",
                          "The location must be a WGS84 longitude/latitude");
  }
  if (b.floors < 1 || b.floors > 200)
    return Error::invalid("floors", "层数须在 1–200 之间", "floors must be 1–200");
  if (b.units < 1 || b.units > 50)
    return Error::invalid("units", "单元数须在 1–50 之间", "units must be 1–50");
  if (b.houses_per_floor < 0 || b.houses_per_floor > 20) {
    return Error::invalid("houses_per_floor", "每层户数须在 0–20 之间",
                          "houses_per_floor must be 0–20");
  }
  const auto& uses = building_uses();
  if (std::find(uses.begin(), uses.end(), b.use) == uses.end()) {
    return Error::invalid("use", "用途须为 residential、commercial、mixed、office、public 之一",
                          "use must be residential, commercial, mixed, office or public");
  }
  if (!text::valid_utf8(b.address) || text::length(b.address) > 200) {
    return Error::invalid("address", "地址最多 200 个字符",
                          "The address allows at most 200 characters");
  }
  return {};
}

namespace buildings {

namespace {
// A building's row as stored: its node's id and district beside its spec.
struct BuildingRow {
  Id node_id = 0;
  std::string district_code;
  double lng = 0, lat = 0;
  int floors = 0, units = 0, houses_per_floor = 0;
  std::string use, address;
  Millis updated_at = 0;
};
const db::RowMap<BuildingRow>& building_map() {
  static const auto map = db::RowMap<BuildingRow>("buildings")
                              .col("node_id", &BuildingRow::node_id)
                              .col("district_code", &BuildingRow::district_code)
                              .col("lng", &BuildingRow::lng)
                              .col("lat", &BuildingRow::lat)
                              .col("floors", &BuildingRow::floors)
                              .col("units", &BuildingRow::units)
                              .col("houses_per_floor", &BuildingRow::houses_per_floor)
                              .col("building_use", &BuildingRow::use)
                              .col("address", &BuildingRow::address)
                              .col("updated_at", &BuildingRow::updated_at);
  return map;
}
const db::RowMap<House>& house_map() {
  static const auto map = db::RowMap<House>("houses")
                              .col("id", &House::id)
                              .col("building_id", &House::building_id)
                              .col("district_code", &House::district_code)
                              .col("unit_no", &House::unit)
                              .col("floor_no", &House::floor)
                              .col("room_no", &House::room)
                              .col("label", &House::label)
                              .col("created_at", &House::created_at);
  return map;
}
}  // namespace

std::vector<Migration> migrations() {
  return {{"org",
           2,
           "buildings and houses",
           {"CREATE TABLE buildings ("
            " node_id BIGINT PRIMARY KEY REFERENCES nodes(id),"
            " district_code TEXT NOT NULL,"
            " lng DOUBLE PRECISION NOT NULL, lat DOUBLE PRECISION NOT NULL,"
            " floors INTEGER NOT NULL, units INTEGER NOT NULL, houses_per_floor INTEGER NOT NULL,"
            " building_use TEXT NOT NULL, address TEXT NOT NULL,"
            " updated_at BIGINT NOT NULL)",
            "CREATE TABLE houses ("
            " id BIGINT PRIMARY KEY,"
            " building_id BIGINT NOT NULL REFERENCES nodes(id),"
            " district_code TEXT NOT NULL,"
            " unit_no INTEGER NOT NULL, floor_no INTEGER NOT NULL, room_no INTEGER NOT NULL,"
            " label TEXT NOT NULL,"
            " created_at BIGINT NOT NULL,"
            " UNIQUE (building_id, unit_no, floor_no, room_no))"},
           {}}};
}

Result<Building> create(WriteTx& tx, const tree::Node& microgrid, const std::string& code,
                        const BuildingSpec& spec, Millis now) {
  auto node = tree::insert_child(tx, microgrid, {code, spec.name, "building"}, now);
  if (!node) return node.error();
  db::PreparedWrite<BuildingRow> ins(tx.sql, building_map(), building_map().insert_sql(), {});
  ins.row() = {node->id,   node->district_code,   spec.lng, spec.lat,     spec.floors,
               spec.units, spec.houses_per_floor, spec.use, spec.address, now};
  ins.execute();
  std::vector<long long> ids, buildings, times;
  std::vector<int> units, floors, rooms;
  std::vector<std::string> districts, labels;
  for (int u = 1; u <= spec.units; ++u) {
    for (int f = 1; f <= spec.floors; ++f) {
      for (int r = 1; r <= spec.houses_per_floor; ++r) {
        ids.push_back(new_id());
        buildings.push_back(node->id);
        times.push_back(now);
        units.push_back(u);
        floors.push_back(f);
        rooms.push_back(r);
        districts.push_back(node->district_code);
        labels.push_back(fmt::format("{}-{}{:02d}", u, f, r));  // 2-301: unit 2, floor 3, room 01
      }
    }
  }
  // The building's houses in one statement, a column of values each (bound by
  // the map's names: the map has no bulk binding).
  if (!ids.empty()) {
    tx.sql << house_map().insert_sql(), soci::use(ids, "id"), soci::use(buildings, "building_id"),
        soci::use(districts, "district_code"), soci::use(units, "unit_no"),
        soci::use(floors, "floor_no"), soci::use(rooms, "room_no"), soci::use(labels, "label"),
        soci::use(times, "created_at");
  }
  return Building{*node, spec, static_cast<int>(ids.size())};
}

std::optional<Building> get(soci::session& sql, Id node_id) {
  auto node = tree::get(sql, node_id);
  if (!node || node->level != "building") return std::nullopt;
  Building b;
  b.node = *node;
  b.spec.name = node->name;
  auto row = db::read_row(building_map(), sql, "WHERE node_id = :id",
                          [&](soci::statement& st) { st.exchange(soci::use(node_id, "id")); });
  if (!row) return std::nullopt;
  b.spec.lng = row->lng;
  b.spec.lat = row->lat;
  b.spec.floors = row->floors;
  b.spec.units = row->units;
  b.spec.houses_per_floor = row->houses_per_floor;
  b.spec.use = row->use;
  b.spec.address = row->address;
  sql << "SELECT COUNT(*) FROM houses WHERE building_id = :id", soci::use(node_id),
      soci::into(b.houses);
  return b;
}

std::vector<House> houses(soci::session& sql, Id building_id, int limit, int offset) {
  return db::read_rows(house_map(), sql,
                       "WHERE building_id = :b ORDER BY unit_no, floor_no, room_no LIMIT " +
                           std::to_string(limit) + " OFFSET " + std::to_string(offset),
                       [&](soci::statement& st) { st.exchange(soci::use(building_id, "b")); });
}

std::optional<House> house(soci::session& sql, Id house_id) {
  return db::read_row(house_map(), sql, "WHERE id = :id",
                      [&](soci::statement& st) { st.exchange(soci::use(house_id, "id")); });
}

long long house_count_under(soci::session& sql, const tree::Node& node) {
  long long n = 0;
  std::string pattern = node.path + "%";
  sql << "SELECT COUNT(*) FROM houses h JOIN nodes b ON b.id = h.building_id"
         " WHERE b.path LIKE :p AND b.status = 'active'",
      soci::use(pattern), soci::into(n);
  return n;
}

std::vector<Located> all_locations(soci::session& sql) {
  std::vector<Located> out;
  Located l{};
  soci::statement st =
      (sql.prepare << "SELECT b.node_id, b.lng, b.lat FROM buildings b JOIN nodes n"
                      " ON n.id = b.node_id WHERE n.status = 'active'",
       soci::into(l.id), soci::into(l.lng), soci::into(l.lat));
  st.execute(false);
  while (st.fetch()) out.push_back(l);
  return out;
}

std::vector<std::pair<Id, std::string>> named_under(soci::session& sql, const tree::Node& node) {
  std::string pattern = node.path + "%";
  return db::select_rows<db::Two<Id, std::string>>(
      sql,
      "SELECT n.id, n.name FROM nodes n JOIN buildings b ON b.node_id = n.id"
      " WHERE n.path LIKE :p AND n.status = 'active' ORDER BY n.id",
      [&](soci::statement& st) { st.exchange(soci::use(pattern, "p")); });
}

}  // namespace buildings
}  // namespace gridgov::org
