#pragma once
// The decisions of the org feature, as pure functions (no I/O).
#include "features/org/model.hpp"

namespace gridgov::org {

// Below this many square metres an overlap or overhang is drawing noise.
constexpr double kToleranceM2 = 1.0;

// Where a new or changed shape may go. Outcomes: ok; kInvalid (field
// "geometry") naming the sibling it overlaps and the overlap area, or how
// much lies outside the parent, or which child it would no longer contain.
Status check_placement(const tree::Node& node, const geo::Shape& shape, const StoredShape* parent,
                       const std::vector<std::pair<tree::Node, StoredShape>>& siblings,
                       const std::vector<std::pair<tree::Node, StoredShape>>& children);

// Validates a grid profile. Outcomes: ok; kInvalid naming grid_type or dedicated_kind.
Status check_profile(const GridProfile& p);

// The level a new child of `parent` gets (community → grid, grid → micro-grid),
// or empty when grids cannot be placed there.
std::string child_grid_level(const tree::Node& parent);
// The code of the next child: the parent's code plus a 3-digit (grid,
// building) or 2-digit (micro-grid) number one above the highest issued
// (codes are never reused).
Result<std::string> next_code(const tree::Node& parent, const std::string& level,
                              const std::vector<std::string>& issued);

}  // namespace gridgov::org
