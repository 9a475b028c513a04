// Routes of the registry: people in their houses, masked everywhere, revealed
// only with a reason into the audit log, found within the caller's scope.
#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/org/api.hpp"
#include "features/org/buildings.hpp"
#include "features/registry/api.hpp"
#include "features/registry/commands.hpp"
#include "features/registry/identity.hpp"
#include "features/registry/people.hpp"
#include "features/registry/rental.hpp"
#include "features/registry/store.hpp"
#include "features/registry/visits.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/export.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/privacy/vault.hpp"
#include "platform/text/pinyin.hpp"
#include "platform/text/text.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::registry {
namespace json = boost::json;
using http::Request;
using http::Response;

json::object person_json(const Person& p) {
  json::array tags;
  std::size_t at = 1;
  while (at < p.tags.size()) {
    auto end = p.tags.find(',', at);
    if (end == std::string::npos) break;
    if (end > at) tags.push_back(json::string(p.tags.substr(at, end - at)));
    at = end + 1;
  }
  return json::object{{"id", id_to_string(p.id)},
                      {"name", p.name},
                      {"house_id", id_to_string(p.house_id)},
                      {"house", p.house_label},
                      {"building_id", id_to_string(p.building_id)},
                      {"household_id", id_to_string(p.household_id)},
                      {"identity_number", p.identity_mask},
                      {"phone", p.phone_mask},
                      {"sex", p.sex},
                      {"birth_date", p.birth_date},
                      {"relation", p.relation},
                      {"residence", p.residence},
                      {"party_member", p.party_member},
                      {"tags", tags},
                      {"status", p.status},
                      {"version", p.version}};
}

// The person named by {id}, if the caller may `action` where they live (404 outside the
// caller's view, 403 without the right).
Result<Person> person_for(Services& svc, const Request& req, const char* action) {
  auto id = parse_id(req.param("id"));
  auto p = id ? svc.db.read([&](soci::session& s) { return get(s, *id); }) : std::nullopt;
  if (!p || !svc.authz.can(*req.principal, "person.read", p->node_path))
    return Error::not_found("人员", "Person");
  if (auto st = svc.authz.check(*req.principal, action, p->node_path); !st) return st.error();
  return *p;
}

Result<HouseAt> house_for(Services& svc, const Request& req, std::string_view id_text,
                          const char* action) {
  auto id = parse_id(id_text);
  auto house = id ? svc.db.read([&](soci::session& s) { return org::buildings::house(s, *id); })
                  : std::nullopt;
  auto building =
      house ? svc.db.read([&](soci::session& s) { return tree::get(s, house->building_id); })
            : std::nullopt;
  if (!building || !svc.authz.can(*req.principal, "person.read", building->path))
    return Error::not_found("房屋", "House");
  if (auto st = svc.authz.check(*req.principal, action, building->path); !st) return st.error();
  return HouseAt{*house, *building};
}

namespace {

// POST /api/v1/persons {house_id, name, identity_number?, phone?, relation?, residence?,
// party_member?, tags?}: registers someone living in a house; the first person of a
// house heads its household.
http::Reply create(Services& svc, Request& req) {
  // The right first: one who may register nobody anywhere learns nothing of the body.
  if (svc.authz.scopes(*req.principal, "person.write").empty()) return Error::forbidden();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto house_id = body->id("house_id");
  if (!house_id) return house_id.error();
  auto house = svc.db.read([&](soci::session& s) { return org::buildings::house(s, **house_id); });
  auto building =
      house ? svc.db.read([&](soci::session& s) { return tree::get(s, house->building_id); })
            : std::nullopt;
  if (!building || !svc.authz.can(*req.principal, "person.read", building->path)) {
    return Error::invalid("house_id", "房屋不存在", "No such house");
  }
  if (auto st = svc.authz.check(*req.principal, "person.write", building->path); !st)
    return st.error();
  Millis now = svc.clock.now_ms();
  auto fields = person_fields(svc, *body, cst_date(now));
  if (!fields) return fields.error();
  Person p = std::move(*fields);
  place(p, *building, *house);
  p.created_at = p.updated_at = now;
  bool registered_elsewhere = false;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto made =
        register_person(tx, svc, *req.principal, actor_of(req), p, now, registered_elsewhere);
    if (!made) return made.error();
    p = std::move(*made);
    return {};
  });
  if (registered_elsewhere) {
    // The attempt is kept (its own write: the refused one rolled back), without the number.
    (void)svc.db.write([&](WriteTx& tx) -> Status {
      audit::append(tx, actor_of(req),
                    {"person.identity_conflict", "house", id_to_string(p.house_id), p.node_path,
                     p.district_code, "{}"},
                    now);
      return {};
    });
  }
  if (!st) return st.error();
  return http::ok_json(person_json(p), 201);
}

http::Reply get_person(Services& svc, Request& req) {
  auto p = person_for(svc, req, "person.read");
  if (!p) return p.error();
  return http::ok_json(person_json(*p));
}

// POST /api/v1/persons/{id}/reveal {field: identity_number | phone, reason}: the value in
// full, for roles that may, written to the audit log with the reason.
http::Reply reveal(Services& svc, Request& req) {
  auto p = person_for(svc, req, "person.reveal");
  if (!p) return p.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto field = body->text("field", {.max_chars = 20});
  if (!field) return field.error();
  if (*field != "identity_number" && *field != "phone") {
    return Error::invalid("field", "field 须为 identity_number 或 phone",
                          "field must be identity_number or phone");
  }
  auto reason = body->text("reason", {.min_chars = 2, .max_chars = 200});
  if (!reason) return reason.error();
  const std::string& sealed = *field == "phone" ? p->phone_sealed : p->identity_sealed;
  std::string value;
  if (!sealed.empty()) {
    auto opened = svc.vault.open(sealed);
    if (!opened) return Error::internal();
    value = *opened;
  }
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    audit::append(tx, actor_of(req),
                  {"person.reveal", "person", id_to_string(p->id), p->node_path, p->district_code,
                   json::serialize(json::object{{"field", *field}, {"reason", *reason}})},
                  now);
    return {};
  });
  if (!st) return st.error();
  return http::ok_json(json::object{{"field", *field}, {"value", value}});
}

// GET /api/v1/nodes/{id}/persons?q=&address=&phone_tail=&tag=&identity_number=&before=&limit=
http::Reply search_persons(Services& svc, Request& req) {
  auto n = org::node_for(svc, req, "person.read");
  if (!n) return n.error();
  Query q;
  for (const auto& scope : svc.authz.scopes(*req.principal, "person.read")) {
    if (path_covers(scope, n->path)) q.scopes = {n->path};
  }
  if (q.scopes.empty()) return Error::forbidden();
  q.name_part = req.query_param("q").value_or("");
  q.phone_tail = req.query_param("phone_tail").value_or("");
  q.address_part = req.query_param("address").value_or("");
  q.tag = req.query_param("tag").value_or("");
  if (q.name_part.size() > 64 || q.tag.size() > 32 || q.address_part.size() > 64 ||
      (!q.phone_tail.empty() &&
       (q.phone_tail.size() != 4 ||
        q.phone_tail.find_first_not_of("0123456789") != std::string::npos))) {
    return Error::invalid("q", "查询条件不正确（电话尾号须为 4 位数字）",
                          "Bad search (phone_tail is 4 digits)");
  }
  bool by_identity_number = false;
  if (auto ident = req.query_param("identity_number")) {
    auto id = parse_identity(*ident, "9999-12-31", "identity_number");
    if (!id) return id.error();
    q.identity_index = svc.vault.blind("identity", id->number);
    by_identity_number = true;
  }
  auto page = http::id_page(req, 50, 500);
  if (!page) return page.error();
  q.before = page->before;
  q.limit = page->limit;
  auto rows = svc.db.read([&](soci::session& s) { return search(s, q); });
  if (by_identity_number) {
    // Looking someone up by identity number is itself a sensitive read.
    Millis now = svc.clock.now_ms();
    (void)svc.db.write([&](WriteTx& tx) -> Status {
      audit::append(tx, actor_of(req),
                    {"person.search_identity", "node", id_to_string(n->id), n->path,
                     n->district_code, json::serialize(json::object{{"found", rows.size()}})},
                    now);
      return {};
    });
  }
  // An export may show identity numbers and phones in full to those who may
  // reveal them, with a reason, into the audit log.
  bool reveal = req.export_rows > 0 && req.query_param("reveal").value_or("") == "true";
  if (reveal) {
    if (auto st = svc.authz.check(*req.principal, "person.reveal", n->path); !st) return st.error();
    std::string reason = text::trim(req.query_param("reason").value_or(""));
    if (text::length(reason) < 2 || text::length(reason) > 200) {
      return Error::invalid("reason", "导出明文须说明理由（2–200 字）",
                            "Say why (2–200 characters) to export in full");
    }
    Status st = svc.db.write([&](WriteTx& tx) -> Status {
      audit::append(tx, actor_of(req),
                    {"person.export_reveal", "node", id_to_string(n->id), n->path, n->district_code,
                     json::serialize(json::object{{"rows", rows.size()}, {"reason", reason}})},
                    svc.clock.now_ms());
      return {};
    });
    if (!st) return st.error();
  }
  json::array items;
  for (const auto& p : rows) {
    json::object o = person_json(p);
    if (reveal) {
      for (auto [field, sealed] : {std::pair{"identity_number", &p.identity_sealed},
                                   std::pair{"phone", &p.phone_sealed}}) {
        auto opened =
            sealed->empty() ? Result<std::string>(std::string()) : svc.vault.open(*sealed);
        if (!opened) return Error::internal();
        o[field] = *opened;
      }
    }
    items.push_back(std::move(o));
  }
  return http::page_json(std::move(items), rows.size(), rows.empty() ? 0 : rows.back().id, q.limit);
}

// GET /api/v1/houses/{id}/household: the house's use and the people living there, head first.
http::Reply household(Services& svc, Request& req) {
  auto at = house_for(svc, req, req.param("id"), "person.read");
  if (!at) return at.error();
  auto [use, people] = svc.db.read([&](soci::session& s) {
    Id hh = current_household(s, at->house.id);
    return std::pair{house_use(s, at->house.id), hh ? members(s, hh) : std::vector<Person>{}};
  });
  json::array items;
  for (const auto& p : people) items.push_back(person_json(p));
  return http::ok_json(json::object{
      {"house_id", id_to_string(at->house.id)},
      {"house", at->building.name + " " + at->house.label},
      {"use", use.empty() ? json::value(nullptr) : json::value(use)},
      {"household_id",
       people.empty() ? json::value(nullptr) : json::value(id_to_string(people[0].household_id))},
      {"members", std::move(items)}});
}

// PUT /api/v1/houses/{id}/use {use}: owner_occupied, rented, vacant or commercial.
http::Reply put_use(Services& svc, Request& req) {
  auto at = house_for(svc, req, req.param("id"), "person.write");
  if (!at) return at.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto use = body->text("use", {.max_chars = 20});
  if (!use) return use.error();
  if (auto st = http::check_choice(house_uses(), *use, "use"); !st) return st.error();
  auto rooms = body->integer("rooms", 1, 50, false);
  if (!rooms) return rooms.error();
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    change_house_use(tx, svc, actor_of(req), req.principal->account_id, *at, *use,
                     static_cast<int>(rooms->value_or(1)), now);
    return {};
  });
  if (!st) return st.error();
  return household(svc, req);
}

// POST /api/v1/persons/{id}/move {version, house_id | out: true}: moves someone to another
// house (joining its household) or out of the area; every stay is kept.
http::Reply move(Services& svc, Request& req) {
  auto p = person_for(svc, req, "person.write");
  if (!p) return p.error();
  auto body = http::Body::parse(req);
  if (!body) return body.error();
  auto version = body->integer("version", 1, 1000000000);
  if (!version) return version.error();
  auto out = body->boolean("out", false);
  if (!out) return out.error();
  bool leaving = out->value_or(false);
  std::optional<HouseAt> to;
  if (!leaving) {
    auto house_id = body->id("house_id");
    if (!house_id) return house_id.error();
    auto at = house_for(svc, req, id_to_string(**house_id), "person.write");
    if (!at) {
      return Error::invalid("house_id", "目标房屋不存在或不在辖区内",
                            "No such house in your scope");
    }
    if (at->house.id == p->house_id && p->status == "active") {
      return Error::invalid("house_id", "已住在该房屋", "Already living in that house");
    }
    to = *at;
  } else if (p->status != "active") {
    return Error::invalid("out", "该人员已迁出", "Already moved out");
  }
  Millis now = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    auto moved = move_person(tx, svc, actor_of(req), *p, static_cast<int>(**version), to, now);
    if (!moved) return moved.error();
    return {};
  });
  if (!st) return st.error();
  auto after = svc.db.read([&](soci::session& s) { return get(s, p->id); });
  if (!after) return Error::not_found("人员", "Person");  // gone meanwhile
  return http::ok_json(person_json(*after));
}

// GET /api/v1/persons/{id}/history: every stay, oldest first (never lose who lived where when).
http::Reply history(Services& svc, Request& req) {
  auto p = person_for(svc, req, "person.read");
  if (!p) return p.error();
  json::array items;
  for (const auto& s : svc.db.read([&](soci::session& sql) { return stays(sql, p->id); })) {
    items.push_back(
        json::object{{"house_id", id_to_string(s.house_id)},
                     {"house", s.house_label},
                     {"moved_in", s.moved_in},
                     {"moved_out", s.moved_out ? json::value(s.moved_out) : json::value(nullptr)}});
  }
  return http::ok_json(json::object{{"items", std::move(items)}});
}

}  // namespace

void routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("POST", "/api/v1/persons", bind(create),
             {.summary = "Register a person living in a house",
              .body = "house_id:id! name:string! identity_number:string sex:string "
                      "birth_date:string phone:string relation:string residence:string "
                      "ethnicity:string party_member:boolean tags:array"});
  router.add("GET", "/api/v1/persons/{id}", bind(get_person),
             {.summary = "A person, identity number and phone masked"});
  router.add("POST", "/api/v1/persons/{id}/reveal", bind(reveal),
             {.summary = "A person's identity number or phone in full, audited with the reason",
              .body = "field:string! reason:string!"});
  router.add("GET", "/api/v1/houses/{id}/household", bind(household),
             {.summary = "A house's use and the people living there"});
  router.add("PUT", "/api/v1/houses/{id}/use", bind(put_use),
             {.summary = "What a house is used for (自住/出租/空置/商用)",
              .body = "use:string! rooms:integer"});
  router.add("POST", "/api/v1/persons/{id}/move", bind(move),
             {.summary = "Move someone to another house or out of the area",
              .body = "version:integer! out:boolean house_id:id"});
  router.add("GET", "/api/v1/persons/{id}/history", bind(history),
             {.summary = "Every house someone lived in, and when"});
  router.add(
      "GET", "/api/v1/nodes/{id}/persons",
      http::exportable(svc, search_persons, "registry.persons"),
      {.summary = "People at and below a node, by name, address, phone tail, tag, identity"});
}

}  // namespace gridgov::registry
