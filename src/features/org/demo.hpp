#pragma once
// The demo city on the real divisions: imports the city's divisions, then
// lays out plausible shapes (they tile without overlaps) for the districts,
// streets and communities in the chosen sample, and grids and micro-grids
// inside each community, numbered north→south, west→east.
#include <optional>

#include "platform/services.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::org {

// small: one street (seconds); medium: one district; large: the whole city
// (tens of thousands of grids). Idempotent. Progress goes to standard error.
Status build_demo(Services& svc, const DemoOptions& options);

// The nodes the demo works on: the city, its first district, that district's
// first street, its first community, that community's first grid and the
// first building of that grid's first micro-grid (by code).
struct DemoSample {
  tree::Node city, district, street, community;
  std::optional<tree::Node> grid, building;  // once the demo has built them
};
Result<DemoSample> demo_sample(Database& db, const std::string& city_code);

}  // namespace gridgov::org
