#pragma once
// Shapes on the map: GeoJSON Polygon/MultiPolygon in WGS84 (lng, lat), their
// validation, areas in square metres, containment and overlap, and an
// in-memory R-tree answering "which nodes contain this point". Boost.Geometry
// stays inside geo.cpp and index.cpp.
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "platform/core/error.hpp"
#include "platform/core/ids.hpp"

namespace gridgov::geo {

struct Shape;  // opaque: a validated multi-polygon
using ShapePtr = std::shared_ptr<const Shape>;

struct Box {
  double min_lng = 0, min_lat = 0, max_lng = 0, max_lat = 0;
};

struct LngLat {
  double lng = 0, lat = 0;
};

// Parses and validates GeoJSON text (a geometry, or a Feature holding one).
// Outcomes: the shape; kInvalid (field "geometry") with the reason — not JSON,
// not a Polygon/MultiPolygon, a coordinate out of range, an unclosed ring,
// fewer than 4 points, self-intersection, spikes, wrong nesting…
Result<ShapePtr> parse(const std::string& geojson);

std::string to_geojson(const Shape& shape);  // {"type":"MultiPolygon","coordinates":…}
double area_m2(const Shape& shape);
Box bounds(const Shape& shape);
LngLat centroid(const Shape& shape);
// Square metres of `inner` that lie outside `outer`.
double outside_m2(const Shape& inner, const Shape& outer);
// Square metres two shapes share.
double overlap_m2(const Shape& a, const Shape& b);
bool contains(const Shape& shape, LngLat p);
// Metres between two points (haversine).
double distance_m(LngLat a, LngLat b);
// An axis-aligned rectangle as a shape (demo generation, tests).
ShapePtr rectangle(double min_lng, double min_lat, double max_lng, double max_lat);

// Which shapes contain a point. Thread-safe: lookups share a lock, changes
// take it alone, so polygons change without a restart.
class Index {
 public:
  Index();
  ~Index();
  struct Entry {
    Id id;
    int rank;  // the node's level: deeper = larger
    ShapePtr shape;
  };
  // Replaces the whole content at once; the tree is bulk-loaded (packed),
  // which answers faster than one grown by single inserts. Use at start-up.
  void load(std::vector<Entry> entries);
  void upsert(Id id, int rank, ShapePtr shape);
  void remove(Id id);
  // Ids of the shapes containing p, shallowest level first.
  std::vector<Id> containing(LngLat p) const;
  // The nearest point entry (buildings) to p within max_m metres, or 0.
  void upsert_point(Id id, LngLat p);
  void remove_point(Id id);
  Id nearest_point(LngLat p, double max_m) const;
  std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  mutable std::shared_mutex mutex_;
};

}  // namespace gridgov::geo
