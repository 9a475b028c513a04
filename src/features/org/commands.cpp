#include "features/org/commands.hpp"

#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/org/api.hpp"
#include "features/org/departments.hpp"
#include "features/org/rules.hpp"
#include "features/org/store.hpp"
#include "platform/auth/accounts.hpp"

namespace gridgov::org {
namespace json = boost::json;

namespace {

// Checks `shape` against the parent, the siblings and the node's own children.
Status placement_ok(soci::session& s, const tree::Node& node, const geo::Shape& shape) {
  auto parent_shape = node.parent_id ? store::shape_of(s, node.parent_id) : std::nullopt;
  auto siblings = node.parent_id ? store::child_shapes(s, node.parent_id)
                                 : std::vector<std::pair<tree::Node, StoredShape>>{};
  auto children =
      node.id ? store::child_shapes(s, node.id) : std::vector<std::pair<tree::Node, StoredShape>>{};
  return check_placement(node, shape, parent_shape ? &*parent_shape : nullptr, siblings, children);
}

// The audit row and the event of a node made (a node, a grid, a department).
void created(WriteTx& tx, const Actor& actor, const char* action, const tree::Node& n,
             const std::string& detail, Millis now) {
  audit::append(tx, actor, {action, "node", id_to_string(n.id), n.path, n.district_code, detail},
                now);
  tx.emit({"node.created", n.path, json::serialize(node_json(n))});
}

}  // namespace

Result<tree::Node> create_node(WriteTx& tx, const Actor& actor, const tree::Node& parent,
                               const tree::NewNode& input, Millis now) {
  auto n = tree::insert_child(tx, parent, input, now);
  if (!n) return n.error();
  created(tx, actor, "node.create", *n, json::serialize(node_json(*n)), now);
  return *n;
}

Result<tree::Node> rename_node(WriteTx& tx, const Actor& actor, const tree::Node& n,
                               const std::string& name, int version, Millis now) {
  auto r = tree::rename(tx, n, name, version, now);
  if (!r) return r.error();
  audit::append(tx, actor,
                {"node.rename", "node", id_to_string(n.id), n.path, n.district_code,
                 json::serialize(json::object{{"from", n.name}, {"to", name}})},
                now);
  tx.emit({"node.updated", n.path, json::serialize(node_json(*r))});
  return *r;
}

Result<tree::Node> create_grid(WriteTx& tx, const Actor& actor, Id by, const tree::Node& parent,
                               const std::string& level, const std::string& name,
                               const GridProfile& profile, const geo::ShapePtr& shape, Millis now) {
  auto code = next_code(parent, level, store::issued_codes(tx.sql, parent.id));
  if (!code) return code.error();
  if (shape) {
    tree::Node probe;
    probe.parent_id = parent.id;
    if (auto ok = placement_ok(tx.sql, probe, *shape); !ok) return ok.error();
  }
  auto n = tree::insert_child(tx, parent, {*code, name, level}, now);
  if (!n) return n.error();
  store::put_profile(tx, *n, profile, now);
  if (shape) store::put_shape(tx, *n, *shape, by, now);
  created(tx, actor, "grid.create", *n,
          json::serialize(
              json::object{{"code", n->code}, {"name", n->name}, {"grid_type", profile.grid_type}}),
          now);
  return *n;
}

Result<tree::Node> update_grid(WriteTx& tx, const Actor& actor, const tree::Node& n,
                               const std::string& name, const GridProfile& profile, int version,
                               Millis now) {
  auto r = tree::rename(tx, n, name, version, now);  // also the version check
  if (!r) return r.error();
  store::put_profile(tx, *r, profile, now);
  audit::append(tx, actor,
                {"grid.update", "node", id_to_string(n.id), n.path, n.district_code,
                 json::serialize(json::object{{"name", name},
                                              {"grid_type", profile.grid_type},
                                              {"dedicated_kind", profile.dedicated_kind}})},
                now);
  tx.emit({"node.updated", n.path, json::serialize(node_json(*r))});
  return *r;
}

Status reshape_node(WriteTx& tx, const Actor& actor, Id by, const tree::Node& n,
                    const geo::Shape& shape, Millis now) {
  if (auto ok = placement_ok(tx.sql, n, shape); !ok) return ok;
  store::put_shape(tx, n, shape, by, now);
  audit::append(tx, actor,
                {"node.shape", "node", id_to_string(n.id), n.path, n.district_code,
                 json::serialize(json::object{{"area_m2", geo::area_m2(shape)}})},
                now);
  tx.emit(
      {"node.shape_changed", n.path, json::serialize(json::object{{"id", id_to_string(n.id)}})});
  return {};
}

Status retire_node(WriteTx& tx, const Actor& actor, const tree::Node& n, const std::string& reason,
                   Millis now) {
  auto fresh = tree::get(tx.sql, n.id);
  if (!fresh || fresh->status != "active")
    return Error::conflict("节点已撤销", "The node is already retired");
  if (int kids = store::active_children(tx.sql, n.id); kids > 0) {
    return Error::make(
        ErrorKind::kConflict, "has_children",
        "该节点下还有 " + std::to_string(kids) + " 个在用的下级，请先调整或撤销它们",
        std::to_string(kids) + " active node(s) still sit below; move or retire them first");
  }
  if (int posts = accounts::active_grants_at(tx.sql, n.id); posts > 0) {
    return Error::make(
        ErrorKind::kConflict, "has_posts",
        "该节点上还有 " + std::to_string(posts) + " 个在任岗位，请先调整",
        std::to_string(posts) + " post(s) are still held at this node; reassign them first");
  }
  store::set_status(tx, n.id, "retired", now);
  audit::append(tx, actor,
                {"node.retire", "node", id_to_string(n.id), n.path, n.district_code,
                 json::serialize(json::object{{"reason", reason}})},
                now);
  tx.emit({"node.retired", n.path, json::serialize(json::object{{"id", id_to_string(n.id)}})});
  return {};
}

Result<tree::Node> move_node(WriteTx& tx, const Actor& actor, const tree::Node& n,
                             const tree::Node& from, const tree::Node& to, int version,
                             Millis now) {
  if (auto shape = store::shape_of(tx.sql, n.id)) {
    tree::Node probe = n;
    probe.parent_id = to.id;
    if (auto ok = placement_ok(tx.sql, probe, *shape->shape); !ok) return ok.error();
  }
  auto moved = tree::move(tx, n, to, version, now);
  if (!moved) return moved.error();
  audit::append(
      tx, actor,
      {"node.move", "node", id_to_string(n.id), moved->path, n.district_code,
       json::serialize(json::object{{"from", id_to_string(from.id)}, {"to", id_to_string(to.id)}})},
      now);
  tx.emit({"node.moved", moved->path, json::serialize(node_json(*moved))});
  return *moved;
}

Result<Building> create_building(WriteTx& tx, const Actor& actor, const tree::Node& parent,
                                 const BuildingSpec& spec, Millis now) {
  if (auto shape = store::shape_of(tx.sql, parent.id);
      shape && !geo::contains(*shape->shape, {spec.lng, spec.lat})) {
    return Error::invalid("lng", "楼栋位置不在「" + parent.name + "」范围内",
                          "The location lies outside the micro-grid " + parent.name);
  }
  auto code = next_code(parent, "building", store::issued_codes(tx.sql, parent.id));
  if (!code) return code.error();
  auto b = buildings::create(tx, parent, *code, spec, now);
  if (!b) return b.error();
  created(tx, actor, "building.create", b->node,
          json::serialize(json::object{{"name", spec.name}, {"houses", b->houses}}), now);
  return *b;
}

Result<tree::Node> create_department(WriteTx& tx, const Actor& actor, const tree::Node& parent,
                                     const std::string& name, Millis now) {
  auto d = add_department(tx, parent, name, now);
  if (!d) return d.error();
  created(tx, actor, "node.create", *d, json::serialize(node_json(*d)), now);
  return *d;
}

}  // namespace gridgov::org
