#include "features/org/buildings.hpp"

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
  tx.sql
      << "INSERT INTO buildings (node_id, district_code, lng, lat, floors, units, houses_per_floor,"
         " building_use, address, updated_at) VALUES (:id, :dc, :lng, :lat, :f, :u, :h, :use, :a, "
         ":t)",
      soci::use(node->id), soci::use(node->district_code), soci::use(spec.lng), soci::use(spec.lat),
      soci::use(spec.floors), soci::use(spec.units), soci::use(spec.houses_per_floor),
      soci::use(spec.use), soci::use(spec.address), soci::use(now);
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
  if (!ids.empty()) {
    tx.sql
        << "INSERT INTO houses (id, building_id, district_code, unit_no, floor_no, room_no, label,"
           " created_at) VALUES (:id, :b, :dc, :u, :f, :r, :l, :t)",
        soci::use(ids), soci::use(buildings), soci::use(districts), soci::use(units),
        soci::use(floors), soci::use(rooms), soci::use(labels), soci::use(times);
  }
  return Building{*node, spec, static_cast<int>(ids.size())};
}

std::optional<Building> get(soci::session& sql, Id node_id) {
  auto node = tree::get(sql, node_id);
  if (!node || node->level != "building") return std::nullopt;
  Building b;
  b.node = *node;
  b.spec.name = node->name;
  sql << "SELECT lng, lat, floors, units, houses_per_floor, building_use, address FROM buildings"
         " WHERE node_id = :id",
      soci::use(node_id), soci::into(b.spec.lng), soci::into(b.spec.lat), soci::into(b.spec.floors),
      soci::into(b.spec.units), soci::into(b.spec.houses_per_floor), soci::into(b.spec.use),
      soci::into(b.spec.address);
  if (!sql.got_data()) return std::nullopt;
  sql << "SELECT COUNT(*) FROM houses WHERE building_id = :id", soci::use(node_id),
      soci::into(b.houses);
  return b;
}

std::vector<House> houses(soci::session& sql, Id building_id, int limit, int offset) {
  std::vector<House> out;
  House h;
  soci::statement st =
      (sql.prepare << "SELECT id, building_id, unit_no, floor_no, room_no, label FROM houses"
                      " WHERE building_id = :b ORDER BY unit_no, floor_no, room_no LIMIT "
                   << limit << " OFFSET " << offset,
       soci::use(building_id), soci::into(h.id), soci::into(h.building_id), soci::into(h.unit),
       soci::into(h.floor), soci::into(h.room), soci::into(h.label));
  st.execute(false);
  while (st.fetch()) out.push_back(h);
  return out;
}

std::optional<House> house(soci::session& sql, Id house_id) {
  House h;
  sql << "SELECT id, building_id, unit_no, floor_no, room_no, label FROM houses WHERE id = :id",
      soci::use(house_id), soci::into(h.id), soci::into(h.building_id), soci::into(h.unit),
      soci::into(h.floor), soci::into(h.room), soci::into(h.label);
  if (!sql.got_data()) return std::nullopt;
  return h;
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
