// Routes for the case taxonomy: the lists a report form offers, and the
// city's edits to the categories (administrators).
#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/cases/api.hpp"
#include "features/cases/commands.hpp"
#include "features/cases/taxonomy.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"

namespace gridgov::cases {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// GET /api/v1/case-categories[?all=true]: the active categories (all with
// ?all=true), kinds, urgencies and channels — what a report form offers.
http::Reply list(Services&, Request& req) {
  bool all = req.query_param("all").value_or("") == "true";
  json::array items;
  for (const auto& c : categories())
    if (all || c.active) items.push_back(category_json(c));
  auto pairs = [](const std::vector<std::pair<std::string, std::string>>& list) {
    json::array out;
    for (const auto& [k, zh] : list) out.push_back(json::object{{"id", k}, {"zh", zh}});
    return out;
  };
  return http::ok_json(json::object{{"categories", items},
                                    {"kinds", pairs(kinds())},
                                    {"urgencies", pairs(urgencies())},
                                    {"channels", pairs(channels())}});
}

Status may_manage(Services& svc, const Request& req) {
  return svc.authz.check(*req.principal, "taxonomy.manage", "/1/");
}

http::Reply save(Services& svc, Request& req, Category c, bool created) {
  if (auto st = check_category(c); !st) return st.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    define_category(tx, actor_of(req), c, created, now);
    return {};
  });
  if (!st) return st.error();
  svc.db.read([](soci::session& s) {
    load_categories(s);
    return 0;
  });
  return http::ok_json(category_json(c), created ? 201 : 200);
}

// POST /api/v1/case-categories {id, zh, en, group_zh, type}: a new category.
http::Reply create(Services& svc, Request& req) {
  if (auto st = may_manage(svc, req); !st) return st.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  Category c;
  for (auto [key, out] : {std::pair{"id", &c.id}, std::pair{"zh", &c.zh}, std::pair{"en", &c.en},
                          std::pair{"group_zh", &c.group_zh}, std::pair{"type", &c.type}}) {
    auto v = body->text(key, {.max_chars = 64});
    if (!v) return v.error();
    *out = *v;
  }
  if (find_category(c.id)) {
    return Error::make(ErrorKind::kConflict, "category_exists", "类别已存在: " + c.id,
                       "The category exists: " + c.id, "id");
  }
  return save(svc, req, c, true);
}

// PATCH /api/v1/case-categories/{id} {zh?, en?, group_zh?, active?}: rename or
// retire (a retired category is closed to new reports; old cases keep it).
http::Reply update(Services& svc, Request& req) {
  if (auto st = may_manage(svc, req); !st) return st.error();
  auto existing = find_category(std::string(req.param("id")));
  if (!existing) return Error::not_found("类别", "Category");
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  Category c = *existing;
  for (auto [key, out] :
       {std::pair{"zh", &c.zh}, std::pair{"en", &c.en}, std::pair{"group_zh", &c.group_zh}}) {
    if (!body->has(key)) continue;
    auto v = body->text(key, {.max_chars = 64});
    if (!v) return v.error();
    *out = *v;
  }
  if (body->has("active")) {
    auto active = body->boolean("active");
    if (!active) return active.error();
    c.active = **active;
  }
  return save(svc, req, c, false);
}

}  // namespace

void taxonomy_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("GET", "/api/v1/case-categories", bind(list),
             {.requires_auth = false, .summary = "Categories, kinds, urgencies and channels"});
  router.add("POST", "/api/v1/case-categories", bind(create),
             {.summary = "Add a case category (administrators)",
              .body = "id:string! zh:string! en:string! group_zh:string! type:string!"});
  router.add("PATCH", "/api/v1/case-categories/{id}", bind(update),
             {.summary = "Rename or retire a case category (administrators)",
              .body = "zh:string en:string group_zh:string active:boolean"});
}

}  // namespace gridgov::cases
