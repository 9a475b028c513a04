#include "features/org/store.hpp"

#include <soci/soci.h>

namespace gridgov::org::store {

std::vector<Migration> migrations() {
  return {{"org",
           1,
           "shapes, shape history, grid profiles",
           {"CREATE TABLE node_shapes ("
            " node_id BIGINT PRIMARY KEY REFERENCES nodes(id),"
            " district_code TEXT NOT NULL,"
            " geojson TEXT NOT NULL,"
            " min_lng DOUBLE PRECISION NOT NULL, min_lat DOUBLE PRECISION NOT NULL,"
            " max_lng DOUBLE PRECISION NOT NULL, max_lat DOUBLE PRECISION NOT NULL,"
            " area_m2 DOUBLE PRECISION NOT NULL,"
            " updated_at BIGINT NOT NULL,"
            " updated_by BIGINT NOT NULL)",
            "CREATE TABLE node_shape_history ("
            " id BIGINT PRIMARY KEY,"
            " node_id BIGINT NOT NULL REFERENCES nodes(id),"
            " district_code TEXT NOT NULL,"
            " geojson TEXT NOT NULL,"
            " valid_from BIGINT NOT NULL,"
            " changed_by BIGINT NOT NULL)",
            "CREATE INDEX shape_history_node ON node_shape_history (node_id, valid_from)",
            "CREATE TABLE grid_profiles ("
            " node_id BIGINT PRIMARY KEY REFERENCES nodes(id),"
            " district_code TEXT NOT NULL,"
            " grid_type TEXT NOT NULL,"
            " dedicated_kind TEXT NOT NULL DEFAULT '',"
            " updated_at BIGINT NOT NULL)"},
           {}}};
}

std::optional<StoredShape> shape_of(soci::session& sql, Id node_id) {
  StoredShape s;
  sql << "SELECT node_id, geojson, area_m2, updated_at FROM node_shapes WHERE node_id = :id",
      soci::use(node_id), soci::into(s.node_id), soci::into(s.geojson), soci::into(s.area_m2),
      soci::into(s.updated_at);
  if (!sql.got_data()) return std::nullopt;
  auto parsed = geo::parse(s.geojson);
  if (!parsed) return std::nullopt;  // stored shapes were validated on the way in
  s.shape = *parsed;
  return s;
}

std::vector<std::pair<tree::Node, StoredShape>> child_shapes(soci::session& sql, Id parent_id) {
  std::vector<std::pair<tree::Node, StoredShape>> out;
  std::vector<Id> ids;
  long long id = 0;
  soci::statement st =
      (sql.prepare << "SELECT n.id FROM nodes n JOIN node_shapes s ON s.node_id = n.id"
                      " WHERE n.parent_id = :p AND n.status = 'active' ORDER BY n.code",
       soci::use(parent_id), soci::into(id));
  st.execute(false);
  while (st.fetch()) ids.push_back(id);
  for (Id child : ids) {
    auto node = tree::get(sql, child);
    auto shape = shape_of(sql, child);
    if (node && shape) out.emplace_back(std::move(*node), std::move(*shape));
  }
  return out;
}

void put_shape(WriteTx& tx, const tree::Node& node, const geo::Shape& shape, Id by, Millis now) {
  std::string json = geo::to_geojson(shape);
  auto b = geo::bounds(shape);
  double area = geo::area_m2(shape);
  int exists = 0;
  tx.sql << "SELECT COUNT(*) FROM node_shapes WHERE node_id = :id", soci::use(node.id),
      soci::into(exists);
  if (exists) {
    tx.sql << "UPDATE node_shapes SET geojson = :g, min_lng = :a, min_lat = :b, max_lng = :c,"
              " max_lat = :d, area_m2 = :e, updated_at = :t, updated_by = :by WHERE node_id = :id",
        soci::use(json), soci::use(b.min_lng), soci::use(b.min_lat), soci::use(b.max_lng),
        soci::use(b.max_lat), soci::use(area), soci::use(now), soci::use(by), soci::use(node.id);
  } else {
    tx.sql << "INSERT INTO node_shapes (node_id, district_code, geojson, min_lng, min_lat, max_lng,"
              " max_lat, area_m2, updated_at, updated_by) VALUES (:id, :dc, :g, :a, :b, :c, :d, :e,"
              " :t, :by)",
        soci::use(node.id), soci::use(node.district_code), soci::use(json), soci::use(b.min_lng),
        soci::use(b.min_lat), soci::use(b.max_lng), soci::use(b.max_lat), soci::use(area),
        soci::use(now), soci::use(by);
  }
  Id hid = new_id();
  tx.sql << "INSERT INTO node_shape_history (id, node_id, district_code, geojson, valid_from,"
            " changed_by) VALUES (:id, :n, :dc, :g, :t, :by)",
      soci::use(hid), soci::use(node.id), soci::use(node.district_code), soci::use(json),
      soci::use(now), soci::use(by);
}

void drop_shape(WriteTx& tx, Id node_id) {
  tx.sql << "DELETE FROM node_shapes WHERE node_id = :id", soci::use(node_id);
}

std::optional<GridProfile> profile_of(soci::session& sql, Id node_id) {
  GridProfile p;
  sql << "SELECT node_id, grid_type, dedicated_kind FROM grid_profiles WHERE node_id = :id",
      soci::use(node_id), soci::into(p.node_id), soci::into(p.grid_type),
      soci::into(p.dedicated_kind);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

void put_profile(WriteTx& tx, const tree::Node& node, const GridProfile& p, Millis now) {
  tx.sql << "DELETE FROM grid_profiles WHERE node_id = :id", soci::use(node.id);
  tx.sql
      << "INSERT INTO grid_profiles (node_id, district_code, grid_type, dedicated_kind, updated_at)"
         " VALUES (:id, :dc, :t, :k, :u)",
      soci::use(node.id), soci::use(node.district_code), soci::use(p.grid_type),
      soci::use(p.dedicated_kind), soci::use(now);
}

std::vector<std::string> issued_codes(soci::session& sql, Id parent_id) {
  std::vector<std::string> out;
  std::string code;
  soci::statement st = (sql.prepare << "SELECT code FROM nodes WHERE parent_id = :p",
                        soci::use(parent_id), soci::into(code));
  st.execute(false);
  while (st.fetch()) out.push_back(code);
  return out;
}

int active_children(soci::session& sql, Id node_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM nodes WHERE parent_id = :p AND status = 'active'",
      soci::use(node_id), soci::into(n);
  return n;
}

void set_status(WriteTx& tx, Id node_id, const std::string& status, Millis now) {
  tx.sql << "UPDATE nodes SET status = :s, version = version + 1, updated_at = :t WHERE id = :id",
      soci::use(status), soci::use(now), soci::use(node_id);
}

std::vector<std::pair<std::string, long long>> building_houses(soci::session& sql,
                                                               const std::string& path) {
  std::vector<std::pair<std::string, long long>> out;
  std::string pattern = path + "%", bpath;
  long long n = 0;
  soci::statement st =
      (sql.prepare << "SELECT b.path, COUNT(h.id) FROM nodes b LEFT JOIN houses h"
                      " ON h.building_id = b.id WHERE b.path LIKE :p AND b.level = 'building'"
                      " AND b.status = 'active' GROUP BY b.path",
       soci::use(pattern), soci::into(bpath), soci::into(n));
  st.execute(false);
  while (st.fetch()) out.emplace_back(bpath, n);
  return out;
}

std::vector<IndexedShape> shapes_for_index(soci::session& sql) {
  std::vector<IndexedShape> out;
  IndexedShape s;
  soci::statement st =
      (sql.prepare
           << "SELECT s.node_id, n.level, s.geojson FROM node_shapes s JOIN nodes n ON n.id = "
              "s.node_id"
              " WHERE n.status = 'active' AND n.level IN ('community', 'grid', 'microgrid')",
       soci::into(s.node_id), soci::into(s.level), soci::into(s.geojson));
  st.execute(false);
  while (st.fetch()) out.push_back(s);
  return out;
}

}  // namespace gridgov::org::store
