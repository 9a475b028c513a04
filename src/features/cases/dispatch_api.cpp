// Routes for the dispatch rules (派遣规则) of a node.
#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/cases/api.hpp"
#include "features/cases/commands.hpp"
#include "features/cases/dispatch_rules.hpp"
#include "features/cases/taxonomy.hpp"
#include "features/org/api.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"

namespace gridgov::cases {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

bool known_category_or_group(const std::string& id) {
  if (find_category(id)) return true;
  const auto all = categories();
  return std::any_of(all.begin(), all.end(),
                     [&](const Category& c) { return c.id.rfind(id + ".", 0) == 0; });
}

// GET /api/v1/nodes/{id}/dispatch-rules: the rules in force here (own and inherited).
http::Reply get_rules(Services& svc, Request& req) {
  auto n = org::node_for(svc, req, "node.read");
  if (!n) return n.error();
  auto items = svc.db.read([&](soci::session& s) {
    return dispatch_rules::rules_json(s, dispatch_rules::in_force(s, *n));
  });
  return http::ok_json(json::object{{"items", std::move(items)}});
}

// PUT /api/v1/nodes/{id}/dispatch-rules {rules: [{category, level | department_id}]}:
// replaces the node's own rules (those above it stay).
http::Reply put_rules(Services& svc, Request& req) {
  auto n = org::node_for(svc, req, "case.configure");
  if (!n) return n.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  const auto* list = body->object().if_contains("rules");
  if (!list || !list->is_array() || list->as_array().size() > 200) {
    return Error::invalid("rules", "rules 须为至多 200 条规则的数组",
                          "rules must be an array of at most 200");
  }
  auto serving = svc.db.read([&](soci::session& s) { return tree::departments_serving(s, *n); });
  std::vector<DispatchRule> rules;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const auto& v = list->as_array()[i];
    std::string where = "rules[" + std::to_string(i) + "]";
    if (!v.is_object()) {
      return Error::invalid("rules", where + " 须为对象", where + " must be an object");
    }
    http::Body item = http::Body::from(v.as_object());
    auto category = item.text("category", {.max_chars = 80});
    if (!category || !known_category_or_group(*category)) {
      return Error::invalid("rules", where + ": 未知的案件类别", where + ": unknown category");
    }
    DispatchRule r;
    r.category = *category;
    if (item.has("department_id")) {
      auto d = item.id("department_id");
      bool ok = d && std::any_of(serving.begin(), serving.end(),
                                 [&](const tree::Node& x) { return x.id == **d; });
      if (!ok) {
        return Error::invalid("rules", where + ": 职能部门不存在或不服务该节点",
                              where + ": no such department serving this node");
      }
      r.target_level = std::string(tree::kDepartment);
      r.target_id = **d;
    } else {
      auto level = item.text("level", {.max_chars = 20});
      const auto& levels = dispatch_rules::place_levels();
      if (!level || std::find(levels.begin(), levels.end(), *level) == levels.end()) {
        return Error::invalid("rules", where + ": level 须为 grid、community、street 或 district",
                              where + ": level must be grid, community, street or district");
      }
      r.target_level = *level;
    }
    for (const auto& earlier : rules) {
      if (earlier.category == r.category) {
        return Error::invalid("rules", where + ": 类别重复", where + ": category given twice");
      }
    }
    rules.push_back(r);
  }
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    replace_dispatch_rules(tx, actor_of(req), *n, rules, now);
    return {};
  });
  if (!st) return st.error();
  return get_rules(svc, req);
}

}  // namespace

void dispatch_rule_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("GET", "/api/v1/nodes/{id}/dispatch-rules", bind(get_rules),
             {.summary = "Dispatch rules in force at a node"});
  router.add("PUT", "/api/v1/nodes/{id}/dispatch-rules", bind(put_rules),
             {.summary = "Replace a node's own dispatch rules", .body = "rules:array!"});
}

}  // namespace gridgov::cases
