#pragma once
// The org feature's SQL, and only its SQL.
#include <optional>
#include <vector>

#include "features/org/model.hpp"
#include "platform/db/database.hpp"

namespace gridgov::org::store {

std::vector<Migration> migrations();

std::optional<StoredShape> shape_of(soci::session& sql, Id node_id);
// Active children of `parent_id` that have a shape.
std::vector<std::pair<tree::Node, StoredShape>> child_shapes(soci::session& sql, Id parent_id);
// Writes the shape and appends it to the shape history.
void put_shape(WriteTx& tx, const tree::Node& node, const geo::Shape& shape, Id by, Millis now);
void drop_shape(WriteTx& tx, Id node_id);

std::optional<GridProfile> profile_of(soci::session& sql, Id node_id);
void put_profile(WriteTx& tx, const tree::Node& node, const GridProfile& p, Millis now);

// Every code ever issued under `parent_id` (retired children included).
std::vector<std::string> issued_codes(soci::session& sql, Id parent_id);
int active_children(soci::session& sql, Id node_id);
void set_status(WriteTx& tx, Id node_id, const std::string& status, Millis now);

// Active buildings below `path` with their path and number of houses.
std::vector<std::pair<std::string, long long>> building_houses(soci::session& sql,
                                                               const std::string& path);

struct IndexedShape {
  Id node_id;
  std::string level;
  std::string geojson;
};
// Shapes of active communities, grids and micro-grids, for the in-memory index.
std::vector<IndexedShape> shapes_for_index(soci::session& sql);

}  // namespace gridgov::org::store
