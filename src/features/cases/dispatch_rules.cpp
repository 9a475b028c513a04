#include "features/cases/dispatch_rules.hpp"

#include <soci/soci.h>
#include <algorithm>
#include <boost/json.hpp>

#include "platform/db/row_map.hpp"

namespace gridgov::cases::dispatch_rules {

const std::vector<std::string>& place_levels() {
  static const std::vector<std::string> l = {"grid", "community", "street", "district"};
  return l;
}

namespace {
const db::RowMap<DispatchRule>& rule_map() {
  static const auto map = db::RowMap<DispatchRule>("case_dispatch_rules")
                              .col("node_id", &DispatchRule::node_id)
                              .col("node_path", &DispatchRule::node_path)
                              .col("category", &DispatchRule::category)
                              .col("target_level", &DispatchRule::target_level)
                              .col("target_id", &DispatchRule::target_id)
                              .col("updated_at", &DispatchRule::updated_at)
                              .col("updated_by", &DispatchRule::updated_by);
  return map;
}
}  // namespace

std::vector<DispatchRule> in_force(soci::session& sql, const tree::Node& node) {
  // Rules are few (a handful per district): matching paths in SQL text is enough.
  return db::read_rows(rule_map(), sql,
                       "WHERE :p LIKE node_path || '%' ORDER BY LENGTH(node_path), category",
                       [&](soci::statement& st) { st.exchange(soci::use(node.path, "p")); });
}

void replace(WriteTx& tx, const tree::Node& node, const std::vector<DispatchRule>& rules, Id by,
             Millis now) {
  tx.sql << "DELETE FROM case_dispatch_rules WHERE node_id = :n", soci::use(node.id);
  db::PreparedWrite<DispatchRule> ins(tx.sql, rule_map(), rule_map().insert_sql(), {});
  for (const auto& r : rules) {
    ins.row() = r;
    ins.row().node_id = node.id;
    ins.row().node_path = node.path;
    ins.row().updated_at = now;
    ins.row().updated_by = by;
    ins.execute();
  }
}

namespace {
std::optional<tree::Node> on_line(soci::session& sql, const tree::Node& place,
                                  const std::string& level) {
  for (const auto& a : tree::ancestors(sql, place))
    if (a.level == level) return a;
  return std::nullopt;
}
}  // namespace

std::optional<tree::Node> target(soci::session& sql, const tree::Node& place,
                                 const std::string& category) {
  std::string group = category.substr(0, category.find('.'));
  const DispatchRule* best = nullptr;
  auto rules = in_force(sql, place);
  for (const auto& r : rules) {
    if (r.category != category && r.category != group) continue;
    // Deeper nodes come later; at one node the exact category beats the group.
    if (!best || r.node_path.size() > best->node_path.size() ||
        (r.node_path == best->node_path && r.category == category))
      best = &r;
  }
  if (best) {
    if (best->target_level == tree::kDepartment) {
      auto d = tree::get(sql, best->target_id);
      if (d && d->status == "active" && path_covers(tree::parent_path(d->path), place.path))
        return d;
    } else if (auto n = on_line(sql, place, best->target_level)) {
      return n;
    }
  }
  // 属地: the place's grid; a case placed on a community (no grid) stays there.
  if (place.level == "microgrid" || place.level == "building") return on_line(sql, place, "grid");
  return place;
}

boost::json::array rules_json(soci::session& s, const std::vector<DispatchRule>& rules) {
  boost::json::array items;
  for (const auto& r : rules) {
    boost::json::object o{{"category", r.category}, {"node_id", id_to_string(r.node_id)}};
    if (auto at = tree::get(s, r.node_id)) o["node"] = at->name;
    if (r.target_level == tree::kDepartment) {
      o["department_id"] = id_to_string(r.target_id);
      if (auto d = tree::get(s, r.target_id)) o["department"] = d->name;
    } else {
      o["level"] = r.target_level;
      o["level_zh"] = tree::level_zh(r.target_level);
    }
    items.push_back(std::move(o));
  }
  return items;
}

}  // namespace gridgov::cases::dispatch_rules
