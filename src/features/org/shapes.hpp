#pragma once
// The process's index of community, grid and micro-grid shapes (point → grid),
// loaded at start and kept current as shapes change.
#include "features/org/model.hpp"
#include "platform/db/database.hpp"

namespace gridgov::org {

geo::Index& shape_index();
// Loads every active shape from the database into the index (bulk).
void load_shape_index(Database& db);
// After a committed change: the node's shape in the index, or out of it.
void index_shape(const tree::Node& node, geo::ShapePtr shape);
void unindex_shape(Id node_id);

}  // namespace gridgov::org
