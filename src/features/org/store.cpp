#include "features/org/store.hpp"

#include <soci/soci.h>

#include "platform/db/row_map.hpp"

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

namespace {
// The tables' rows as stored: the shape's bounds and author beside what the
// model keeps (StoredShape, GridProfile), each in its district.
struct ShapeRow {
  Id node_id = 0;
  std::string district_code, geojson;
  double min_lng = 0, min_lat = 0, max_lng = 0, max_lat = 0, area_m2 = 0;
  Millis updated_at = 0;
  Id updated_by = 0;
};
const db::RowMap<ShapeRow>& shape_map() {
  static const auto map = db::RowMap<ShapeRow>("node_shapes")
                              .col("node_id", &ShapeRow::node_id)
                              .col("district_code", &ShapeRow::district_code)
                              .col("geojson", &ShapeRow::geojson)
                              .col("min_lng", &ShapeRow::min_lng)
                              .col("min_lat", &ShapeRow::min_lat)
                              .col("max_lng", &ShapeRow::max_lng)
                              .col("max_lat", &ShapeRow::max_lat)
                              .col("area_m2", &ShapeRow::area_m2)
                              .col("updated_at", &ShapeRow::updated_at)
                              .col("updated_by", &ShapeRow::updated_by);
  return map;
}
struct ShapeChange {
  Id id = 0, node_id = 0;
  std::string district_code, geojson;
  Millis valid_from = 0;
  Id changed_by = 0;
};
const db::RowMap<ShapeChange>& change_map() {
  static const auto map = db::RowMap<ShapeChange>("node_shape_history")
                              .col("id", &ShapeChange::id)
                              .col("node_id", &ShapeChange::node_id)
                              .col("district_code", &ShapeChange::district_code)
                              .col("geojson", &ShapeChange::geojson)
                              .col("valid_from", &ShapeChange::valid_from)
                              .col("changed_by", &ShapeChange::changed_by);
  return map;
}
struct Profile {
  Id node_id = 0;
  std::string district_code, grid_type, dedicated_kind;
  Millis updated_at = 0;
};
const db::RowMap<Profile>& profile_map() {
  static const auto map = db::RowMap<Profile>("grid_profiles")
                              .col("node_id", &Profile::node_id)
                              .col("district_code", &Profile::district_code)
                              .col("grid_type", &Profile::grid_type)
                              .col("dedicated_kind", &Profile::dedicated_kind)
                              .col("updated_at", &Profile::updated_at);
  return map;
}
}  // namespace

std::optional<StoredShape> shape_of(soci::session& sql, Id node_id) {
  auto row = db::read_row(shape_map(), sql, "WHERE node_id = :id",
                          [&](soci::statement& st) { st.exchange(soci::use(node_id, "id")); });
  if (!row) return std::nullopt;
  auto parsed = geo::parse(row->geojson);
  if (!parsed) return std::nullopt;  // stored shapes were validated on the way in
  StoredShape s;
  s.node_id = row->node_id;
  s.shape = *parsed;
  s.geojson = std::move(row->geojson);
  s.area_m2 = row->area_m2;
  s.updated_at = row->updated_at;
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
  ShapeRow row;
  row.node_id = node.id;
  row.district_code = node.district_code;
  row.geojson = geo::to_geojson(shape);
  auto b = geo::bounds(shape);
  row.min_lng = b.min_lng;
  row.min_lat = b.min_lat;
  row.max_lng = b.max_lng;
  row.max_lat = b.max_lat;
  row.area_m2 = geo::area_m2(shape);
  row.updated_at = now;
  row.updated_by = by;
  db::PreparedWrite<ShapeRow> put(tx.sql, shape_map(), shape_map().upsert_sql("node_id"), {});
  put.row() = row;
  put.execute();
  db::PreparedWrite<ShapeChange> history(tx.sql, change_map(), change_map().insert_sql(), {});
  history.row() = {new_id(), node.id, node.district_code, row.geojson, now, by};
  history.execute();
}

void drop_shape(WriteTx& tx, Id node_id) {
  tx.sql << "DELETE FROM node_shapes WHERE node_id = :id", soci::use(node_id);
}

std::optional<GridProfile> profile_of(soci::session& sql, Id node_id) {
  auto row = db::read_row(profile_map(), sql, "WHERE node_id = :id",
                          [&](soci::statement& st) { st.exchange(soci::use(node_id, "id")); });
  if (!row) return std::nullopt;
  return GridProfile{row->node_id, row->grid_type, row->dedicated_kind};
}

void put_profile(WriteTx& tx, const tree::Node& node, const GridProfile& p, Millis now) {
  db::PreparedWrite<Profile> put(tx.sql, profile_map(), profile_map().upsert_sql("node_id"), {});
  put.row() = {node.id, node.district_code, p.grid_type, p.dedicated_kind, now};
  put.execute();
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
