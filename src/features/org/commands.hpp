#pragma once
// The tree's state changes as named commands, each run inside a write (its
// savepoint: an outcome other than success leaves nothing behind), auditing
// itself and emitting its event. The routes check the caller's right and the
// request's shape first, then run one of these; after the write commits they
// bring the in-memory shape index up to date (it is not transactional).
#include "features/org/buildings.hpp"
#include "features/org/model.hpp"
#include "platform/auth/audit.hpp"
#include "platform/db/database.hpp"
#include "platform/geo/geo.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::org {

// CreateNode — a child of `parent` with the code, name and level asked for
// (validated by tree::validate_new_node). Audited as node.create; emits
// node.created. Outcomes: the node; kConflict when the code is taken.
Result<tree::Node> create_node(WriteTx& tx, const Actor& actor, const tree::Node& parent,
                               const tree::NewNode& input, Millis now);

// RenameNode — `n` (as read, at `version`) takes `name`. Audited as node.rename;
// emits node.updated. Outcomes: the node as written; kConflict version_conflict.
Result<tree::Node> rename_node(WriteTx& tx, const Actor& actor, const tree::Node& n,
                               const std::string& name, int version, Millis now);

// CreateGrid — a grid under a community or a micro-grid under a grid (`level`,
// from child_grid_level), numbered after every code ever issued there, with its
// profile and, when drawn, its outline (which must lie inside the parent's and
// overlap no sibling's). The number and the overlap are checked inside the write,
// so two people placing grids at once cannot take the same number or ground.
// Audited as grid.create; emits node.created. Outcomes: the grid; kInvalid
// (geometry) for a shape that does not fit; kConflict when the numbers run out.
Result<tree::Node> create_grid(WriteTx& tx, const Actor& actor, Id by, const tree::Node& parent,
                               const std::string& level, const std::string& name,
                               const GridProfile& profile, const geo::ShapePtr& shape, Millis now);

// UpdateGrid — `n`'s name and profile (at `version`). Audited as grid.update;
// emits node.updated. Outcomes: the grid as written; kConflict version_conflict.
Result<tree::Node> update_grid(WriteTx& tx, const Actor& actor, const tree::Node& n,
                               const std::string& name, const GridProfile& profile, int version,
                               Millis now);

// ReshapeNode — `n`'s outline is drawn again (checked as CreateGrid's). Audited as
// node.shape; emits node.shape_changed. Outcomes: done; kInvalid (geometry).
Status reshape_node(WriteTx& tx, const Actor& actor, Id by, const tree::Node& n,
                    const geo::Shape& shape, Millis now);

// RetireNode — `n` is retired (never deleted), with the reason. Audited as
// node.retire; emits node.retired. Outcomes: done; kConflict when already
// retired, has_children while active nodes sit below, has_posts while people's
// posts are held there.
Status retire_node(WriteTx& tx, const Actor& actor, const tree::Node& n, const std::string& reason,
                   Millis now);

// MoveNode — `n` (at `version`) with everything below it moves from `from` to
// `to`; its code stays. Its outline, if drawn, must fit the new parent. Audited as
// node.move; emits node.moved. Outcomes: the node as written; kInvalid
// (geometry); kConflict version_conflict.
Result<tree::Node> move_node(WriteTx& tx, const Actor& actor, const tree::Node& n,
                             const tree::Node& from, const tree::Node& to, int version, Millis now);

// CreateBuilding — a building under the active micro-grid `parent` at a point
// inside its outline, numbered there, with its houses. Audited as
// building.create; emits node.created. Outcomes: the building; kInvalid (lng)
// for a point outside the micro-grid.
Result<Building> create_building(WriteTx& tx, const Actor& actor, const tree::Node& parent,
                                 const BuildingSpec& spec, Millis now);

// CreateDepartment — a department under a city, district or street. Audited as
// node.create; emits node.created. Outcomes: the department; kConflict
// name_taken when an active one of that name is there.
Result<tree::Node> create_department(WriteTx& tx, const Actor& actor, const tree::Node& parent,
                                     const std::string& name, Millis now);

}  // namespace gridgov::org
