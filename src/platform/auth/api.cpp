#include "platform/auth/api.hpp"

#include <soci/soci.h>
#include <boost/json.hpp>

#include "platform/auth/account_commands.hpp"
#include "platform/auth/accounts.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/passwords.hpp"
#include "platform/auth/sessions.hpp"
#include "platform/config/config.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::auth_api {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {
// Secure cookies unless told otherwise — on loopback (development, tests) a
// browser would not send them back over plain HTTP.
bool cookie_secure(const Config& c) {
  std::string v = c.str("auth.cookie_secure");
  if (v != "auto") return v == "true";
  std::string host = c.str("http.host");
  return !(host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0);
}

using tree::kRootPath;

json::object grant_json(const Grant& g, const std::string& node_name = {}) {
  const RoleDef* r = find_role(g.role);
  json::object o{{"id", id_to_string(g.id)},           {"role", g.role},
                 {"role_zh", r ? r->zh : g.role},      {"role_en", r ? r->en : g.role},
                 {"node_id", id_to_string(g.node_id)}, {"node_path", g.node_path}};
  if (!node_name.empty()) o["node_name"] = node_name;
  return o;
}

json::object account_json(const accounts::Account& a,
                          const std::vector<accounts::GrantRow>& grants) {
  json::array gs;
  for (const auto& g : grants)
    gs.push_back(grant_json({g.id, g.role, g.node_id, g.node_path}, g.node_name));
  return {{"id", id_to_string(a.id)},
          {"username", a.username},
          {"display_name", a.display_name},
          {"disabled", a.disabled},
          {"locked", a.locked_until > wall_now_ms()},
          {"created_at", a.created_at},
          {"grants", std::move(gs)}};
}

// May `who` manage an account holding these grants? Every grant must sit in
// the manager's scope; an account with no grant needs a root-level manager.
Status may_manage(const Authz& authz, const Principal& who,
                  const std::vector<accounts::GrantRow>& grants) {
  if (grants.empty()) return authz.check(who, "account.manage", kRootPath);
  for (const auto& g : grants) {
    if (auto st = authz.check(who, "account.manage", g.node_path); !st) return st;
  }
  return {};
}

// Loads the target account of /accounts/{id} and checks the caller may manage it.
struct Target {
  accounts::Account account;
  std::vector<accounts::GrantRow> grants;
};
Result<Target> load_target(Services& svc, const Request& req) {
  auto id = parse_id(req.param("id"));
  if (!id) return Error::not_found("账号", "Account");
  auto t = svc.db.read([&](soci::session& s) -> std::optional<Target> {
    auto a = accounts::by_id(s, *id);
    if (!a) return std::nullopt;
    return Target{*a, accounts::grants_of(s, *id)};
  });
  if (!t) return Error::not_found("账号", "Account");
  if (auto st = may_manage(svc.authz, *req.principal, t->grants); !st) {
    // Outside the caller's scope the account does not exist for them.
    return Error::not_found("账号", "Account");
  }
  return std::move(*t);
}

http::Reply login(Services& svc, Request& req) {
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto username = body->text("username", {.max_chars = 64});
  if (!username) return username.error();
  auto password = body->text("password", {.max_chars = 128});
  if (!password) return password.error();
  auto result = svc.sessions.login(*username, *password, req.remote_ip,
                                   std::string(req.header("User-Agent")), req.request_id);
  if (!result) return result.error();  // a lockout carries its Retry-After
  const Principal& p = *result->principal;
  json::array grants;
  for (const auto& g : p.grants) grants.push_back(grant_json(g));
  Response r = http::ok_json(json::object{{"token", result->token},
                                          {"expires_at", result->expires_at},
                                          {"account",
                                           {{"id", id_to_string(p.account_id)},
                                            {"username", p.username},
                                            {"display_name", p.display_name},
                                            {"grants", std::move(grants)}}}});
  r.set_header("Set-Cookie",
               svc.sessions.cookie_for(result->token, svc.sessions.settings().absolute_ms,
                                       cookie_secure(svc.config)));
  return r;
}

http::Reply logout(Services& svc, Request& req) {
  svc.sessions.logout(*req.principal, req.remote_ip, req.request_id);
  Response r;
  r.status = 204;
  r.content_type.clear();
  r.set_header("Set-Cookie", svc.sessions.cookie_for("", 0, cookie_secure(svc.config)));
  return r;
}

http::Reply me(Services& svc, Request& req) {
  const Principal& p = *req.principal;
  json::array grants;
  auto names = svc.db.read([&](soci::session& s) {
    std::vector<std::string> out;
    for (const auto& g : p.grants) {
      auto n = tree::get(s, g.node_id);
      out.push_back(n ? n->name : "");
    }
    return out;
  });
  for (std::size_t i = 0; i < p.grants.size(); ++i) {
    json::object g = grant_json(p.grants[i], names[i]);
    json::array actions;
    for (const auto& a : svc.authz.actions_of_role(p.grants[i].role))
      actions.push_back(json::string(a));
    g["actions"] = std::move(actions);
    grants.push_back(std::move(g));
  }
  return http::ok_json(json::object{{"id", id_to_string(p.account_id)},
                                    {"username", p.username},
                                    {"display_name", p.display_name},
                                    {"grants", std::move(grants)}});
}

http::Reply change_password(Services& svc, Request& req) {
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto old_pw = body->text("old_password", {.max_chars = 128});
  if (!old_pw) return old_pw.error();
  auto new_pw = body->text("new_password", {.max_chars = 128});
  if (!new_pw) return new_pw.error();
  const Principal& p = *req.principal;
  auto account = svc.db.read([&](soci::session& s) { return accounts::by_id(s, p.account_id); });
  if (!account) return Error::not_found("账号", "Account");
  auto ok = passwords::verify(account->password_hash, *old_pw);
  if (!ok) return ok.error();
  if (!*ok) return Error::invalid("old_password", "原密码不正确", "The current password is wrong");
  if (auto st = passwords::check_rules(
          *new_pw, p.username, static_cast<int>(svc.config.integer("auth.password_min_length")));
      !st) {
    return Error::invalid("new_password", st.error().message_zh, st.error().message_en);
  }
  auto hash = passwords::hash(*new_pw);
  if (!hash) return hash.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    accounts::change_password(tx, actor_of(req), *hash, p.session_id, now);
    return {};
  });
  if (!st) return st.error();
  svc.sessions.forget_account(p.account_id);
  return http::no_content();
}

http::Reply list_accounts(Services& svc, Request& req) {
  auto limit =
      http::page_limit(req, 50, static_cast<int>(svc.config.integer("limits.page_size_max")));
  if (!limit) return limit.error();
  auto scopes = svc.authz.scopes(*req.principal, "account.manage");
  if (scopes.empty()) return Error::forbidden();
  bool everything = scopes.size() == 1 && scopes[0] == kRootPath;
  std::string q = req.query_param("q").value_or("");
  std::string after = req.query_param("after").value_or("");
  if (q.size() > 64 || after.size() > 64) return Error::invalid("q", "查询过长", "Query too long");
  auto rows = svc.db.read([&](soci::session& s) {
    std::vector<json::object> out;
    for (const auto& a : accounts::list(s, scopes, everything, q, after, *limit)) {
      out.push_back(account_json(a, accounts::grants_of(s, a.id)));
    }
    return out;
  });
  json::array items;
  std::string last = rows.empty() ? "" : std::string(rows.back()["username"].as_string());
  for (auto& o : rows) items.push_back(std::move(o));
  json::object res{{"items", std::move(items)}};
  if (static_cast<int>(rows.size()) == *limit) res["next_after"] = last;
  return http::ok_json(res);
}

http::Reply get_account(Services& svc, Request& req) {
  auto t = load_target(svc, req);
  if (!t) return t.error();
  return http::ok_json(account_json(t->account, t->grants));
}

// Reads {role, node_id}, checks the caller may grant at that node.
Result<accounts::RoleAt> grant_input(Services& svc, const Request& req, const http::Body& body) {
  auto role = body.text("role", {.max_chars = 40});
  if (!role) return role.error();
  if (!find_role(*role))
    return Error::invalid("role", "未知的角色: " + *role, "Unknown role: " + *role);
  auto node_id = body.id("node_id");
  if (!node_id) return node_id.error();
  auto node = svc.db.read([&](soci::session& s) { return tree::get(s, **node_id); });
  if (!node) return Error::invalid("node_id", "节点不存在", "No such node");
  if (auto st = svc.authz.check(*req.principal, "account.manage", node->path); !st)
    return st.error();
  return accounts::RoleAt{*role, *node};
}

http::Reply create_account(Services& svc, Request& req) {
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto username = body->text("username", {.max_chars = 64});
  if (!username) return username.error();
  if (auto st = accounts::validate_username(*username); !st) return st.error();
  auto display = body->text("display_name", {.max_chars = 64});
  if (!display) return display.error();
  auto password = body->text("password", {.max_chars = 128});
  if (!password) return password.error();
  if (auto st = passwords::check_rules(
          *password, *username, static_cast<int>(svc.config.integer("auth.password_min_length")));
      !st) {
    return st.error();
  }
  std::optional<accounts::RoleAt> grant;
  if (body->has("role") || body->has("node_id")) {
    auto g = grant_input(svc, req, *body);
    if (!g) return g.error();
    grant = *g;
  } else if (auto st = svc.authz.check(*req.principal, "account.manage", kRootPath); !st) {
    return st.error();
  }
  auto hash = passwords::hash(*password);
  if (!hash) return hash.error();
  Millis now = svc.clock.now_ms();
  std::optional<accounts::Created> created;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto made = accounts::create_account(tx, actor_of(req), *username, *display, *hash, grant, now);
    if (!made) return made.error();
    created = std::move(*made);
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(account_json(created->account, created->grants), 201);
}

http::Reply add_grant(Services& svc, Request& req) {
  auto t = load_target(svc, req);
  if (!t) return t.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto g = grant_input(svc, req, *body);
  if (!g) return g.error();
  Millis now = svc.clock.now_ms();
  std::optional<accounts::GrantRow> row;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto r = accounts::grant_role(tx, actor_of(req), t->account.id, *g, now);
    if (!r) return r.error();
    row = *r;
    return {};
  });
  if (!st) return st.error();
  svc.sessions.forget_account(t->account.id);
  return http::ok_json(
      grant_json({row->id, row->role, row->node_id, row->node_path}, row->node_name), 201);
}

http::Reply revoke_grant(Services& svc, Request& req) {
  auto t = load_target(svc, req);
  if (!t) return t.error();
  auto grant_id = parse_id(req.param("grant_id"));
  const accounts::GrantRow* grant = nullptr;
  for (const auto& g : t->grants)
    if (grant_id && g.id == *grant_id) grant = &g;
  if (!grant) return Error::not_found("授权", "Grant");
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    return accounts::revoke_role(tx, actor_of(req), t->account.id, *grant, now);
  });
  if (!st) return st.error();
  svc.sessions.forget_account(t->account.id);
  return http::no_content();
}

http::Reply set_disabled(Services& svc, Request& req, bool disabled) {
  auto t = load_target(svc, req);
  if (!t) return t.error();
  if (t->account.id == req.principal->account_id && disabled) {
    return Error::invalid("id", "不能停用自己的账号", "You cannot disable your own account");
  }
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    accounts::set_account_disabled(tx, actor_of(req), t->account, disabled,
                                   t->grants.empty() ? kRootPath : t->grants.front().node_path,
                                   now);
    return {};
  });
  if (!st) return st.error();
  svc.sessions.forget_account(t->account.id);
  t->account.disabled = disabled;
  return http::ok_json(account_json(t->account, t->grants));
}

http::Reply reset_password(Services& svc, Request& req) {
  auto t = load_target(svc, req);
  if (!t) return t.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto password = body->text("password", {.max_chars = 128});
  if (!password) return password.error();
  if (auto st =
          passwords::check_rules(*password, t->account.username,
                                 static_cast<int>(svc.config.integer("auth.password_min_length")));
      !st) {
    return st.error();
  }
  auto hash = passwords::hash(*password);
  if (!hash) return hash.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    accounts::reset_password(tx, actor_of(req), t->account, *hash,
                             t->grants.empty() ? kRootPath : t->grants.front().node_path, now);
    return {};
  });
  if (!st) return st.error();
  svc.sessions.forget_account(t->account.id);
  return http::no_content();
}

Result<std::optional<Millis>> query_time(const Request& req, const char* key) {
  auto v = req.query_param(key);
  if (!v || v->empty()) return std::optional<Millis>();
  auto n = parse_id(*v);  // epoch milliseconds: a positive integer like an id
  if (!n)
    return Error::invalid(key, std::string(key) + " 须为毫秒时间戳",
                          std::string(key) + " must be epoch milliseconds");
  return std::optional<Millis>(*n);
}

http::Reply query_audit(Services& svc, Request& req) {
  audit::Filter f;
  f.scopes = svc.authz.scopes(*req.principal, "audit.read");
  if (f.scopes.empty()) return Error::forbidden();
  auto limit =
      http::page_limit(req, 50, static_cast<int>(svc.config.integer("limits.page_size_max")));
  if (!limit) return limit.error();
  f.limit = *limit;
  auto actor = http::query_id(req, "actor_id");
  if (!actor) return actor.error();
  f.actor_id = *actor;
  auto before = http::query_id(req, "before");
  if (!before) return before.error();
  f.before_id = *before;
  auto from = query_time(req, "from");
  if (!from) return from.error();
  f.from = *from;
  auto to = query_time(req, "to");
  if (!to) return to.error();
  f.to = *to;
  f.action = req.query_param("action").value_or("");
  f.entity = req.query_param("entity").value_or("");
  f.entity_id = req.query_param("entity_id").value_or("");
  if (f.action.size() > 64 || f.entity.size() > 64 || f.entity_id.size() > 64) {
    return Error::invalid("action", "筛选条件过长", "Filter too long");
  }
  if (auto node = http::query_id(req, "node_id"); !node) {
    return node.error();
  } else if (*node) {
    auto n = svc.db.read([&](soci::session& s) { return tree::get(s, **node); });
    if (!n) return Error::not_found("节点", "Node");
    if (auto st = svc.authz.check(*req.principal, "audit.read", n->path); !st) return st.error();
    f.scopes = {n->path};
  }
  auto rows = svc.db.read([&](soci::session& s) { return audit::query(s, f); });
  json::array items;
  for (const auto& r : rows) {
    boost::system::error_code ec;
    json::value detail = json::parse(r.entry.detail, ec);
    items.push_back(json::object{{"id", id_to_string(r.id)},
                                 {"at", r.at},
                                 {"actor_id", id_to_string(r.actor.account_id)},
                                 {"actor", r.actor.username},
                                 {"ip", r.actor.ip},
                                 {"request_id", r.actor.request_id},
                                 {"action", r.entry.action},
                                 {"entity", r.entry.entity},
                                 {"entity_id", r.entry.entity_id},
                                 {"node_path", r.entry.node_path},
                                 {"district_code", r.entry.district_code},  // its chain
                                 {"detail", ec ? json::value(r.entry.detail) : detail}});
  }
  json::object res{{"items", items}};
  if (static_cast<int>(rows.size()) == f.limit) res["next_before"] = id_to_string(rows.back().id);
  return http::ok_json(res);
}

http::Reply list_roles(Services& svc, Request&) {
  json::array roles;
  for (const auto& r : builtin_roles()) {
    json::array actions;
    for (const auto& a : svc.authz.actions_of_role(r.name)) actions.push_back(json::string(a));
    roles.push_back(
        json::object{{"name", r.name}, {"zh", r.zh}, {"en", r.en}, {"actions", actions}});
  }
  return http::ok_json(json::object{{"items", roles}});
}

void routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("POST", "/api/v1/auth/login", bind(login),
             {.requires_auth = false,
              .summary = "Log in: a session for a username and password",
              .body = "username:string! password:string!"});
  router.add("POST", "/api/v1/auth/logout", bind(logout),
             {.summary = "Log out: end this session", .body = "none"});
  router.add("GET", "/api/v1/auth/me", bind(me), {.summary = "Who am I, with grants and actions"});
  router.add(
      "POST", "/api/v1/auth/password", bind(change_password),
      {.summary = "Change own password", .body = "old_password:string! new_password:string!"});
  router.add("GET", "/api/v1/roles", bind(list_roles), {.summary = "Roles and their actions"});
  router.add("GET", "/api/v1/accounts", bind(list_accounts), {.summary = "Accounts in scope"});
  router.add(
      "POST", "/api/v1/accounts", bind(create_account),
      {.summary = "Create an account",
       .body = "username:string! display_name:string! password:string! role:string node_id:id"});
  router.add("GET", "/api/v1/accounts/{id}", bind(get_account),
             {.summary = "One account with its grants"});
  router.add("POST", "/api/v1/accounts/{id}/grants", bind(add_grant),
             {.summary = "Grant a role at a node", .body = "role:string! node_id:id!"});
  router.add("DELETE", "/api/v1/accounts/{id}/grants/{grant_id}", bind(revoke_grant),
             {.summary = "Revoke a grant (a role at a node)"});
  router.add("POST", "/api/v1/accounts/{id}/disable",
             http::replying([&svc](Request& r) { return set_disabled(svc, r, true); }),
             {.summary = "Disable an account", .body = "none"});
  router.add("POST", "/api/v1/accounts/{id}/enable",
             http::replying([&svc](Request& r) { return set_disabled(svc, r, false); }),
             {.summary = "Enable an account", .body = "none"});
  router.add("POST", "/api/v1/accounts/{id}/password", bind(reset_password),
             {.summary = "Reset an account's password", .body = "password:string!"});
  router.add("GET", "/api/v1/audit", bind(query_audit), {.summary = "Query the audit log"});
}

}  // namespace

Module module() {
  Module m;
  m.name = "accounts";
  m.migrations = [] {
    std::vector<Migration> all = audit::migrations();
    for (auto& x : accounts::migrations()) all.push_back(x);
    return all;
  };
  m.actions = {
      {"account.manage", "管理账号与授权", "Manage accounts and grants", {"admin"}},
      {"audit.read", "查询审计日志", "Read the audit log", {"admin", "leader"}},
  };
  m.routes = routes;
  return m;
}

}  // namespace gridgov::auth_api
