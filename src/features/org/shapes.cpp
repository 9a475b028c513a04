#include "features/org/shapes.hpp"

#include "features/org/buildings.hpp"
#include "features/org/store.hpp"
#include "platform/log/log.hpp"

namespace gridgov::org {

geo::Index& shape_index() {
  static geo::Index index;
  return index;
}

void load_shape_index(Database& db) {
  auto rows = db.read([](soci::session& s) { return store::shapes_for_index(s); });
  std::vector<geo::Index::Entry> entries;
  entries.reserve(rows.size());
  for (auto& r : rows) {
    auto shape = geo::parse(r.geojson);
    if (shape) entries.push_back({r.node_id, tree::level_rank(r.level), *shape});
  }
  shape_index().load(std::move(entries));
  auto points = db.read([](soci::session& s) { return buildings::all_locations(s); });
  for (const auto& p : points) shape_index().upsert_point(p.id, {p.lng, p.lat});
  log::info("org.shape_index_loaded",
            {{"shapes", shape_index().size()}, {"buildings", points.size()}});
}

void index_shape(const tree::Node& node, geo::ShapePtr shape) {
  int rank = tree::level_rank(node.level);
  if (node.status == "active" && rank >= tree::level_rank("community")) {
    shape_index().upsert(node.id, rank, std::move(shape));
  }
}

void unindex_shape(Id node_id) {
  shape_index().remove(node_id);
}

}  // namespace gridgov::org
