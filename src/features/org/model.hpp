#pragma once
// The org feature's types: grids and micro-grids with their profile and shape.
#include <optional>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/geo/geo.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::org {

// 综合网格 or 专属网格 (机关, 园区, 医院, 学校, 企业).
enum class GridType { kComprehensive, kDedicated };
const std::vector<std::string>& dedicated_kinds();  // organ, park, hospital, school, enterprise
std::string dedicated_kind_zh(const std::string& kind);

struct GridProfile {
  Id node_id = 0;
  std::string grid_type = "comprehensive";  // comprehensive | dedicated
  std::string dedicated_kind;               // one of dedicated_kinds() when dedicated
};

struct StoredShape {
  Id node_id = 0;
  geo::ShapePtr shape;
  std::string geojson;
  double area_m2 = 0;
  Millis updated_at = 0;
};

// A shape that another one overlaps, and by how much.
struct Overlap {
  tree::Node with;
  double area_m2 = 0;
};

}  // namespace gridgov::org
