// GET /api/v1/nodes/{id}/health: the sizing and staffing health check at and
// below a node, as JSON or (?format=csv) a report with Chinese headers.
#include <soci/soci.h>
#include <boost/json.hpp>
#include <map>

#include "features/org/api.hpp"
#include "features/org/health.hpp"
#include "features/org/store.hpp"
#include "platform/auth/accounts.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/text/csv.hpp"

namespace gridgov::org {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

std::vector<Id> ids_in_path(const std::string& path) {
  std::vector<Id> out;
  std::size_t i = 1;
  while (i < path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) break;
    if (auto id = parse_id(std::string_view(path).substr(i, j - i))) out.push_back(*id);
    i = j + 1;
  }
  return out;
}

struct Facts {
  std::vector<Unit> units;
  std::vector<WorkerLoad> workers;
};

// Communities, grids and micro-grids at and below `top`, with households,
// buildings and posts counted in three queries.
Facts gather(soci::session& s, const tree::Node& top) {
  Facts f;
  std::map<Id, std::size_t> at;
  auto add = [&](const tree::Node& n) {
    if (n.status != "active") return;
    at[n.id] = f.units.size();
    f.units.push_back(Unit{n});
  };
  if (top.level == "community" || top.level == "grid" || top.level == "microgrid") add(top);
  for (const char* level : {"community", "grid", "microgrid"}) {
    for (const auto& n : tree::subtree(s, top, level, 1000000, "")) add(n);
  }
  // Labels people recognise: a grid is "保成社区第1网格", not just "第1网格".
  for (auto& u : f.units) {
    u.label = u.node.name;
    if (u.node.level == "community") continue;
    auto parent = at.find(u.node.parent_id);
    const tree::Node* p = parent != at.end() ? &f.units[parent->second].node : nullptr;
    if (!p) continue;
    std::string prefix = p->name;
    if (p->level == "grid") {
      auto community = at.find(p->parent_id);
      if (community != at.end()) prefix = f.units[community->second].node.name + prefix;
    }
    u.label = prefix + u.node.name;
  }
  for (const auto& [path, houses] : store::building_houses(s, top.path)) {
    for (Id id : ids_in_path(path)) {
      auto it = at.find(id);
      if (it == at.end()) continue;
      f.units[it->second].households += houses;
      f.units[it->second].buildings += 1;
    }
  }
  for (const auto& p : accounts::posts_under(s, top.path, false, 1000000)) {
    if (p.role == "grid_worker") {
      if (auto it = at.find(p.node_id); it != at.end()) {
        Unit& u = f.units[it->second];
        u.grid_workers++;
        // A micro-grid's full-time worker also counts for its grid.
        if (u.node.level == "microgrid") {
          if (auto grid = at.find(u.node.parent_id); grid != at.end())
            f.units[grid->second].grid_workers++;
        }
        f.workers.push_back({p.account_id, p.display_name, u.node, u.label, u.households});
      }
    }
    if (p.role == "grid_worker" || p.role == "community_staff" || p.role == "community_secretary") {
      for (Id id : ids_in_path(p.node_path)) {  // the community the post sits in
        auto it = at.find(id);
        if (it != at.end() && f.units[it->second].node.level == "community")
          f.units[it->second].community_workers++;
      }
    }
  }
  return f;
}

http::Reply health(Services& svc, Request& req) {
  auto node = node_for(svc, req, "node.read");
  if (!node) return node.error();
  if (tree::level_rank(node->level) < tree::level_rank("city")) {
    return Error::invalid("id", "请在市级或以下节点运行体检", "Run the check at a city or below");
  }
  auto facts = svc.db.read([&](soci::session& s) { return gather(s, *node); });
  auto violations = check_sizing(sizing_rules(svc.config), facts.units, facts.workers);

  if (req.query_param("format").value_or("") == "csv") {
    std::string out =
        "\xEF\xBB\xBF类型,严重程度,节点,编码,层级,实际,标准,问题,建议\n";  // BOM: Excel reads UTF-8
    for (const auto& v : violations) {
      out += csv::cell(v.kind) + "," + csv::cell(v.severity) + "," + csv::cell(v.node.name) + "," +
             csv::cell(v.node.code) + "," + csv::cell(tree::level_zh(v.node.level)) + "," +
             std::to_string(v.measured) + "," + csv::cell(v.expected) + "," +
             csv::cell(v.message_zh) + "," + csv::cell(v.proposal_zh) + "\n";
    }
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.set_header("Content-Disposition", "attachment; filename=\"health-" + node->code + ".csv\"");
    r.body = std::move(out);
    return r;
  }
  bool en = req.english();
  json::array items;
  std::map<std::string, int> by_kind;
  for (const auto& v : violations) {
    by_kind[v.kind]++;
    json::array with;
    for (const auto& w : v.with)
      with.push_back(json::object{{"id", id_to_string(w.id)}, {"name", w.name}, {"code", w.code}});
    items.push_back(json::object{{"kind", v.kind},
                                 {"severity", v.severity},
                                 {"node",
                                  {{"id", id_to_string(v.node.id)},
                                   {"name", v.node.name},
                                   {"code", v.node.code},
                                   {"level", v.node.level}}},
                                 {"measured", v.measured},
                                 {"expected", v.expected},
                                 {"message", en ? v.message_en : v.message_zh},
                                 {"proposal",
                                  {{"action", v.action},
                                   {"count", v.into},
                                   {"with", with},
                                   {"text", en ? v.proposal_en : v.proposal_zh}}}});
  }
  long long households = 0;
  int communities = 0, grids = 0, micro = 0;
  for (const auto& u : facts.units) {
    if (u.node.level == "community") ++communities, households += u.households;
    if (u.node.level == "grid") ++grids;
    if (u.node.level == "microgrid") ++micro;
  }
  if (node->level == "grid" || node->level == "microgrid")
    households = facts.units.empty() ? 0 : facts.units[0].households;
  json::object kinds;
  for (const auto& [k, n] : by_kind) kinds[k] = n;
  return http::ok_json(
      json::object{{"node", node_json(*node)},
                   {"summary",
                    {{"communities", communities},
                     {"grids", grids},
                     {"microgrids", micro},
                     {"households", households},
                     {"grid_workers", static_cast<std::int64_t>(facts.workers.size())},
                     {"violations", static_cast<std::int64_t>(violations.size())},
                     {"by_kind", kinds}}},
                   {"items", items}});
}

}  // namespace

void health_routes(http::Router& router, Services& svc) {
  router.add("GET", "/api/v1/nodes/{id}/health", http::bind(svc, health),
             {.summary = "Sizing and staffing health check (JSON, or ?format=csv)"});
}

}  // namespace gridgov::org
