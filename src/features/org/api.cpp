#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/org/api.hpp"
#include "features/org/commands.hpp"
#include "features/org/store.hpp"
#include "platform/auth/principal.hpp"
#include "platform/config/config.hpp"
#include "platform/http/export.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/text/text.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::org {
namespace json = boost::json;
using http::Request;
using http::Response;

json::object node_json(const tree::Node& n) {
  return {
      {"id", id_to_string(n.id)},
      {"parent_id", n.parent_id ? json::value(id_to_string(n.parent_id)) : json::value(nullptr)},
      {"path", n.path},
      {"code", n.code},
      {"name", n.name},
      {"level", n.level},
      {"level_zh", tree::level_zh(n.level)},
      {"district_code", n.district_code},
      {"status", n.status},
      {"version", n.version},
      {"created_at", n.created_at},
      {"updated_at", n.updated_at}};
}

// The node named by {id}, if the caller may do `action` there. Outside the
// caller's scope a node answers 404, so ids cannot be probed.
Result<tree::Node> node_for(Services& svc, const Request& req, const char* action) {
  auto id = parse_id(req.param("id"));
  if (!id) return Error::not_found("节点", "Node");
  auto node = svc.db.read([&](soci::session& s) { return tree::get(s, *id); });
  if (!node) return Error::not_found("节点", "Node");
  if (!svc.authz.can(*req.principal, "node.read", node->path))
    return Error::not_found("节点", "Node");
  if (auto st = svc.authz.check(*req.principal, action, node->path); !st) return st.error();
  return *node;
}

namespace {

// ?limit= and ?after= (a code) of a page of nodes ordered by code.
struct CodePage {
  int limit = 100;
  std::string after;
};
Result<CodePage> code_page(Services& svc, const Request& req) {
  auto limit =
      http::page_limit(req, 100, static_cast<int>(svc.config.integer("limits.page_size_max")));
  if (!limit) return limit.error();
  std::string after = req.query_param("after").value_or("");
  if (after.size() > 20) return Error::invalid("after", "after 参数无效", "Invalid after");
  return CodePage{*limit, after};
}

Response page_json(const std::vector<tree::Node>& rows, const CodePage& page) {
  json::array items;
  for (const auto& c : rows) items.push_back(node_json(c));
  json::object res{{"items", items}};
  if (static_cast<int>(rows.size()) == page.limit) res["next_after"] = rows.back().code;
  return http::ok_json(res);
}

http::Reply get_node(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.read");
  if (!n) return n.error();
  return http::ok_json(node_json(*n));
}

http::Reply children(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.read");
  if (!n) return n.error();
  auto page = code_page(svc, req);
  if (!page) return page.error();
  auto rows = svc.db.read(
      [&](soci::session& s) { return tree::children(s, n->id, page->limit, page->after); });
  return page_json(rows, *page);
}

http::Reply ancestors(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.read");
  if (!n) return n.error();
  auto rows = svc.db.read([&](soci::session& s) { return tree::ancestors(s, *n); });
  json::array items;
  for (const auto& a : rows)
    items.push_back(json::object{{"id", id_to_string(a.id)}, {"name", a.name}, {"level", a.level}});
  return http::ok_json(json::object{{"items", items}});
}

// The caller's entry points into the tree (the nodes of its grants), or with
// ?code= the one node of that code, when the caller may see it.
http::Reply my_roots(Services& svc, Request& req) {
  if (auto code = req.query_param("code")) {
    if (code->size() > 20) return Error::invalid("code", "编码过长", "Code too long");
    auto n = svc.db.read([&](soci::session& s) { return tree::get_by_code(s, *code); });
    json::array items;
    if (n && svc.authz.can(*req.principal, "node.read", n->path)) items.push_back(node_json(*n));
    return http::ok_json(json::object{{"items", items}});
  }
  auto scopes = svc.authz.scopes(*req.principal, "node.read");
  json::array items;
  svc.db.read([&](soci::session& s) {
    for (const auto& g : req.principal->grants) {
      bool top = std::find(scopes.begin(), scopes.end(), g.node_path) != scopes.end();
      if (!top) continue;
      if (auto n = tree::get(s, g.node_id)) items.push_back(node_json(*n));
      scopes.erase(std::find(scopes.begin(), scopes.end(), g.node_path));
    }
  });
  return http::ok_json(json::object{{"items", items}});
}

// Search by Chinese substring (any length, 垃圾 included) or pinyin initials, in scope.
http::Reply search(Services& svc, Request& req) {
  std::string q = req.query_param("q").value_or("");
  if (!text::valid_utf8(q) || text::length(q) == 0 || text::length(q) > 32) {
    return Error::invalid("q", "请输入 1–32 个字符的名称或拼音首字母",
                          "Give 1–32 characters of a name or its pinyin initials");
  }
  auto limit = http::page_limit(req, 20, 100);
  if (!limit) return limit.error();
  auto scopes = svc.authz.scopes(*req.principal, "node.read");
  auto rows = svc.db.read([&](soci::session& s) { return tree::search(s, scopes, q, *limit); });
  json::array items;
  for (const auto& n : rows) items.push_back(node_json(n));
  return http::ok_json(json::object{{"items", items}});
}

// Descendants, optionally of one level (?level=community), paged by code.
http::Reply subtree(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.read");
  if (!n) return n.error();
  std::string level = req.query_param("level").value_or("");
  if (!level.empty() && !tree::known_level(level)) {
    return Error::invalid("level", "未知的层级: " + level, "Unknown level: " + level);
  }
  auto page = code_page(svc, req);
  if (!page) return page.error();
  auto rows = svc.db.read(
      [&](soci::session& s) { return tree::subtree(s, *n, level, page->limit, page->after); });
  return page_json(rows, *page);
}

// How many nodes of each level lie below.
http::Reply stats(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.read");
  if (!n) return n.error();
  auto counts = svc.db.read([&](soci::session& s) { return tree::count_by_level(s, *n); });
  json::object by_level;
  for (const auto& [level, count] : counts) by_level[level] = count;
  return http::ok_json(json::object{{"node", node_json(*n)}, {"descendants", by_level}});
}

http::Reply create_node(Services& svc, Request& req) {
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto parent_id = body->id("parent_id");
  if (!parent_id) return parent_id.error();
  auto code = body->text("code", {.max_chars = 20});
  if (!code) return code.error();
  auto name = body->text("name", {.max_chars = 64});
  if (!name) return name.error();
  auto level = body->text("level", {.max_chars = 20});
  if (!level) return level.error();
  auto parent = svc.db.read([&](soci::session& s) { return tree::get(s, **parent_id); });
  if (!parent || !svc.authz.can(*req.principal, "node.read", parent->path)) {
    return Error::invalid("parent_id", "上级节点不存在", "No such parent node");
  }
  if (auto st = svc.authz.check(*req.principal, "node.write", parent->path); !st) return st.error();
  tree::NewNode input{*code, *name, *level};
  if (auto st = tree::validate_new_node(*parent, input); !st) return st.error();
  Millis now = svc.clock.now_ms();
  std::optional<tree::Node> created;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto n = org::create_node(tx, actor_of(req), *parent, input, now);
    if (!n) return n.error();
    created = *n;
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(node_json(*created), 201);
}

http::Reply update_node(Services& svc, Request& req) {
  auto n = node_for(svc, req, "node.write");
  if (!n) return n.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto version = body->integer("version", 1, 1000000000);
  if (!version) return version.error();
  auto name = body->text("name", {.max_chars = 64});
  if (!name) return name.error();
  Millis now = svc.clock.now_ms();
  tree::Node updated = *n;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto r = rename_node(tx, actor_of(req), *n, *name, static_cast<int>(**version), now);
    if (!r) return r.error();
    updated = *r;
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(node_json(updated));
}

}  // namespace

void routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("GET", "/api/v1/nodes", bind(my_roots),
             {.summary = "The caller's top nodes, or ?code="});
  router.add("POST", "/api/v1/nodes", bind(create_node),
             {.summary = "Create a child node",
              .body = "parent_id:id! code:string! name:string! level:string!"});
  router.add("GET", "/api/v1/nodes/search", bind(search),
             {.summary = "Search names or pinyin initials in scope"});
  router.add("GET", "/api/v1/nodes/{id}", bind(get_node), {.summary = "One node of the tree"});
  router.add("GET", "/api/v1/nodes/{id}/subtree", bind(subtree),
             {.summary = "Descendants, optionally of one level"});
  router.add("GET", "/api/v1/nodes/{id}/stats", bind(stats), {.summary = "Descendants per level"});
  router.add(
      "PATCH", "/api/v1/nodes/{id}", bind(update_node),
      {.summary = "Rename a node (optimistic version)", .body = "version:integer! name:string!"});
  router.add("GET", "/api/v1/nodes/{id}/children", http::exportable(svc, children, "org.children"),
             {.summary = "Children of a node"});
  router.add("GET", "/api/v1/nodes/{id}/ancestors", bind(ancestors),
             {.summary = "Path from the root"});
}

std::optional<StoredShape> stored_shape(soci::session& sql, Id node_id) {
  return store::shape_of(sql, node_id);
}

std::vector<std::string> codes_issued_under(soci::session& sql, Id parent_id) {
  return store::issued_codes(sql, parent_id);
}

}  // namespace gridgov::org
