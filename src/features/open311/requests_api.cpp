// Open311 service requests: POST one with an API key, GET them with every
// standard filter and the common extensions, GET one, and follow a token.
#include <soci/soci.h>

#include <boost/json.hpp>
#include <cmath>
#include <tuple>

#include "features/cases/intake.hpp"
#include "features/cases/reads.hpp"
#include "features/cases/taxonomy.hpp"
#include "features/open311/api.hpp"
#include "features/open311/clients.hpp"
#include "features/open311/commands.hpp"
#include "features/open311/format.hpp"
#include "features/open311/request_store.hpp"
#include "features/open311/request_view.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/config/config.hpp"
#include "platform/core/secrets.hpp"
#include "platform/http/form.hpp"
#include "platform/http/router.hpp"
#include "platform/privacy/vault.hpp"
#include "platform/text/media_type.hpp"
#include "platform/text/text.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::open311 {
namespace json = boost::json;
using http::Request;
using http::Response;
using Params = std::vector<std::pair<std::string, std::string>>;

namespace {

constexpr const char* kBase = "/open311/v2";
constexpr Millis kDefaultWindow = 90 * kDayMs;  // the specification's default period
constexpr Millis kMaxWindow = 366 * kDayMs;     // the longest period one request may ask for
constexpr int kMaxResults = 1000;               // and its most results per response
// What a POST may carry, as the specification names it (for the API description).
constexpr const char* kPostFields =
    "form: api_key:string! jurisdiction_id:string service_code:string! lat:number long:number"
    " address_string:string address_id:string email:string device_id:string account_id:string"
    " first_name:string last_name:string phone:string description:string media_url:string";

std::optional<std::string> find(const Params& p, std::string_view name) {
  for (const auto& [k, v] : p)
    if (k == name) return v;
  return std::nullopt;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= s.size()) {
    auto comma = s.find(',', at);
    auto piece =
        text::trim(s.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    if (!piece.empty()) out.push_back(piece);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

// The client system behind `api_key`. The specification answers a missing or
// bad key with 403 (our API's 401), over the rate with 429.
Result<Client> client_of(Services& svc, const std::optional<std::string>& key) {
  auto c = use_key(svc.db, svc.clock, key.value_or(""), "api_key");
  if (!c && c.error().kind == ErrorKind::kUnauthenticated) {
    Error e = c.error();
    e.kind = ErrorKind::kForbidden;
    return e;
  }
  return c;
}

// Our field names in a refusal → the parameter the client sent.
std::string open311_field(const std::string& field) {
  static const std::map<std::string, std::string> names = {
      {"title", "description"},      {"contact_phone", "phone"},
      {"contact_name", "last_name"}, {"lng", "long"},
      {"building_id", "address_id"}, {"node_id", "address_string"},
      {"category", "service_code"},  {"urgency", "attribute[urgency]"},
      {"kind", "attribute[kind]"}};
  auto it = names.find(field);
  return it != names.end() ? it->second : field;
}

Error invalid(const std::string& field, const std::string& zh, const std::string& en) {
  return Error::make(ErrorKind::kBadRequest, "invalid", field + ": " + zh, field + ": " + en);
}

// Where an address alone places a request (a hotline's usual ticket: an address, no point):
// a key for one community or below places it there; a wider key, in the one community of its
// area whose name the address gives (江岸区大智街道保成社区保成路 18 号 → 保成社区).
Result<Id> place_by_address(Services& svc, const Client& client, const std::string& address) {
  auto node = svc.db.read([&](soci::session& s) { return tree::get(s, client.node_id); });
  if (!node) return Error::internal();
  if (tree::level_rank(node->level) >= tree::level_rank("community")) return node->id;
  auto named =
      svc.db.read([&](soci::session& s) { return tree::named_in(s, *node, "community", address); });
  // The longest name decides (保成社区 over 成社区); of two that long (a 新村社区 in two
  // streets), the one whose street the address names too.
  std::erase_if(named, [&](const tree::Node& n) {
    return text::length(n.name) < text::length(named[0].name);
  });
  if (named.size() > 1) {
    std::vector<tree::Node> in_named_street;
    for (const auto& n : named) {
      auto street = svc.db.read([&](soci::session& s) { return tree::get(s, n.parent_id); });
      if (street && address.find(street->name) != std::string::npos) in_named_street.push_back(n);
    }
    if (in_named_street.size() == 1) named = std::move(in_named_street);
  }
  if (named.size() == 1) return named[0].id;
  if (named.empty())
    return invalid("address_string", "地址中没有本服务范围内的社区名称，请提供经纬度或 address_id",
                   "names no community of this api_key's area; send lat/long or address_id");
  return invalid("address_string",
                 "地址中的社区名称不唯一（" + named[0].name + "、" + named[1].name +
                     "…），请写明所在街道或提供经纬度",
                 "matches more than one community (" + named[0].name + ", " + named[1].name +
                     "…); name the street or send lat/long");
}

// The case the request describes, checked and located by the intake every channel uses.
Result<cases::Case> draft(Services& svc, const Params& p, const Client& client,
                          const Principal& who) {
  auto code = find(p, "service_code");
  if (!code || code->empty()) return invalid("service_code", "未提供", "was not provided");
  auto service = cases::find_category(*code);
  if (!service || !service->active)
    return invalid("service_code", "未找到：" + *code, "not found: " + *code);
  json::object body{{"channel", "system"}, {"category", *code}, {"kind", "complaint"}};
  for (const auto& [k, v] : p) {
    if (!k.starts_with("attribute[") || !k.ends_with("]")) continue;
    std::string attr = k.substr(10, k.size() - 11);
    if (attr != "urgency" && attr != "kind")
      return invalid(k, "不是该服务的属性", "is not an attribute of this service");
    body[attr] = v;
  }
  std::string description = text::trim(find(p, "description").value_or(""));
  if (text::length(description) > 4000)
    return invalid("description", "不能超过 4000 字", "must be at most 4,000 characters");
  // The first line is the case's title; the whole text its description.
  std::string first = text::trim(description.substr(0, description.find('\n')));
  body["title"] = first.empty() ? service->zh : text::clip(first, 50);
  body["description"] = description;
  auto lat = find(p, "lat"), lng = find(p, "long");
  auto address_id = find(p, "address_id"), address = find(p, "address_string");
  if (address && !address->empty()) body["address"] = text::clip(text::trim(*address), 200);
  if (lat || lng) {
    // Named strings: `end` points into them (into a temporary it would dangle; ASan found it).
    const std::string lat_text = lat.value_or(""), lng_text = lng.value_or("");
    char* end = nullptr;
    double la = std::strtod(lat_text.c_str(), &end);
    bool ok = !lat_text.empty() && *end == '\0';
    double lo = std::strtod(lng_text.c_str(), &end);
    ok = ok && !lng_text.empty() && *end == '\0';
    ok = ok && std::isfinite(la) && std::isfinite(lo);  // strtod reads "nan" and "inf" too
    if (!ok) return invalid("lat/long", "须为十进制经纬度", "must both be decimal degrees (WGS84)");
    body["lat"] = la;
    body["lng"] = lo;
  } else if (address_id && !address_id->empty()) {
    body["building_id"] = *address_id;
  } else if (address && !address->empty()) {
    auto at = place_by_address(svc, client, *address);
    if (!at) return at.error();
    body["node_id"] = id_to_string(*at);
  } else {
    return invalid("lat/long", "须提供经纬度、address_string 或 address_id 之一",
                   "one of lat/long, address_string or address_id is required");
  }
  std::string name =
      text::trim(find(p, "last_name").value_or("") + find(p, "first_name").value_or(""));
  if (!name.empty()) body["contact_name"] = name;
  if (auto phone = find(p, "phone"); phone && !phone->empty()) body["contact_phone"] = *phone;
  auto drafted = cases::draft_case(svc, http::Body::from(std::move(body)), &who);
  if (drafted) return drafted;
  const Error& e = drafted.error();
  // A point in no mapped grid is in no grid of the key's area either: outside it, as the
  // specification's 403 says (docs/open311.md), like a point in another community's grid.
  if (e.kind == ErrorKind::kForbidden || e.code == "outside_grids")
    return Error::make(ErrorKind::kForbidden, "scope", "该位置不在此 api_key 的服务范围内",
                       "The location lies outside the area of this api_key");
  if (e.kind == ErrorKind::kInvalid) {
    // The message speaks of the client's parameter, never of our field behind it.
    std::string name = open311_field(e.field), zh = e.message_zh, en = e.message_en;
    if (!e.field.empty() && name.find(e.field) == std::string::npos)
      for (std::string* m : {&zh, &en})
        for (std::size_t at; (at = m->find(e.field)) != std::string::npos;)
          m->replace(at, e.field.size(), name);
    return invalid(name, zh, en);
  }
  return e;
}

// The extra fields the specification lets a client send, checked.
Result<PostedRequest> posted_fields(Services& svc, const Params& p) {
  PostedRequest r;
  auto take = [&](const char* key, std::size_t max, std::string& out) -> Status {
    out = text::trim(find(p, key).value_or(""));
    if (!text::valid_utf8(out) || text::has_control(out) || text::length(out) > max)
      return invalid(key, "格式不正确或过长", "is malformed or too long");
    return {};
  };
  for (auto [key, max, out] :
       {std::tuple{"device_id", 64, &r.device_id}, std::tuple{"account_id", 64, &r.account_id},
        std::tuple{"media_url", 1000, &r.media_url}}) {
    if (auto st = take(key, static_cast<std::size_t>(max), *out); !st) return st.error();
  }
  if (!r.media_url.empty() && !r.media_url.starts_with("http://") &&
      !r.media_url.starts_with("https://"))
    return invalid("media_url", "须为 http(s) 地址", "must be an http(s) URL");
  std::string email;
  if (auto st = take("email", 254, email); !st) return st.error();
  if (!email.empty()) {
    auto at = email.find('@');
    if (at == std::string::npos || at == 0 || email.find('.', at) == std::string::npos)
      return invalid("email", "不是有效的电子邮箱", "is not an email address");
    r.email = svc.vault.seal(email);  // personal data: sealed like phones
  }
  return r;
}

// POST /open311/v2/requests.{json|xml}: a client system reports a case.
Response post_request(Services& svc, Request& req, Format f) {
  // The specification posts a form; a multipart or JSON body is a malformed request.
  if (auto ct = req.header("Content-Type"); !ct.empty()) {
    auto m = text::media_type(ct);
    if (m.type != "application/x-www-form-urlencoded" || !m.utf8())
      return error(f, req,
                   Error::make(ErrorKind::kBadRequest, "bad_request",
                               "请求体须为 UTF-8 编码的 application/x-www-form-urlencoded 表单",
                               "The body must be application/x-www-form-urlencoded in UTF-8"));
  }
  auto form = http::parse_form(req.body);
  if (!form)
    return error(f, req,
                 Error::make(ErrorKind::kBadRequest, "bad_request",
                             "请求体不是有效的 application/x-www-form-urlencoded 表单（form）",
                             "The body is not an application/x-www-form-urlencoded form"));
  Params p = std::move(*form);
  p.insert(p.end(), req.query.begin(), req.query.end());
  auto client = client_of(svc, find(p, "api_key"));
  if (!client) return error(f, req, client.error());
  auto scope = jurisdiction(svc, find(p, "jurisdiction_id"));
  if (!scope) return error(f, req, scope.error());
  if (!scope->empty() && !path_covers(*scope, client->node_path) &&
      !path_covers(client->node_path, *scope))
    return error(f, req,
                 Error::make(ErrorKind::kBadRequest, "bad_request",
                             "jurisdiction_id 不在此 api_key 的服务范围内",
                             "jurisdiction_id does not cover the area of this api_key"));
  Principal who;
  who.username = "api:" + client->name;
  who.display_name = client->name;
  who.grants.push_back({0, "api_client", client->node_id, client->node_path});
  auto c = draft(svc, p, *client, who);
  if (!c) return error(f, req, c.error());
  auto posted = posted_fields(svc, p);
  if (!posted) return error(f, req, posted.error());
  posted->token = secrets::random_token().substr(0, 24);
  posted->client_id = client->id;
  posted->case_id = c->id;
  posted->created_at = c->created_at;
  Actor actor = actor_of(req);
  actor.username = who.username;
  actor.display_name = who.display_name;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    post_request(tx, actor, *c, *posted);
    return {};
  });
  if (!st) return error(f, req, st.error());
  json::object out{{"service_request_id", c->code},
                   {"token", posted->token},
                   {"service_notice",
                    req.english() ? "Received as case " + c->code : "已受理，案件编号 " + c->code},
                   {"account_id", posted->account_id.empty() ? json::value(nullptr)
                                                             : json::value(posted->account_id)}};
  return respond(f, json::array{std::move(out)}, "service_requests");
}

// The cases a GET may read in detail: those under the caller's key, if it sent one.
// Without a key: the public depth, unless the city has closed it (open311.public_requests).
Result<std::string> detail_scope(Services& svc, const Request& req) {
  auto key = req.query_param("api_key");
  if (!key && !svc.config.boolean("open311.public_requests"))
    return Error::make(ErrorKind::kForbidden, "api_key", "查询服务请求须提供 api_key",
                       "api_key is required to read service requests here");
  if (!key) return std::string();
  auto client = client_of(svc, key);
  if (!client) return client.error();
  return client->node_path;
}

Result<int> positive(const Request& req, const char* name, int fallback, int max) {
  auto v = req.query_param(name);
  if (!v) return fallback;
  if (v->empty() || v->size() > 9 || !text::all_digits(*v) || std::stoi(*v) < 1 ||
      std::stoi(*v) > max)
    return invalid(name, "须为 1 到 " + std::to_string(max) + " 的整数",
                   "must be a whole number from 1 to " + std::to_string(max));
  return std::stoi(*v);
}

Result<Millis> date_param(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v) return Millis(0);
  auto t = parse_iso8601(*v);
  if (!t)
    return invalid(name, "须为带时区的 ISO 8601 时间", "must be an ISO 8601 date with its zone");
  return *t;
}

// GET /open311/v2/requests.{json|xml}
Response get_requests(Services& svc, Request& req, Format f) {
  auto scope = jurisdiction(svc, req.query_param("jurisdiction_id"));
  if (!scope) return error(f, req, scope.error());
  auto detail = detail_scope(svc, req);
  if (!detail) return error(f, req, detail.error());
  cases::CaseSearch s;
  s.scope = *scope;
  if (auto ids = req.query_param("service_request_id")) {
    s.codes = split_list(*ids);  // the other filters are then ignored
    if (s.codes.empty() || s.codes.size() > 100)
      return error(f, req,
                   Error::make(ErrorKind::kBadRequest, "bad_request",
                               "service_request_id：须为 1–100 个编号，以逗号分隔",
                               "service_request_id: give 1 to 100 ids, comma-separated"));
    s.limit = static_cast<int>(s.codes.size());
  } else {
    if (auto codes = req.query_param("service_code")) s.categories = split_list(*codes);
    if (auto status = req.query_param("status")) {
      for (const auto& v : split_list(*status)) {
        if (v != "open" && v != "closed")
          return error(f, req,
                       Error::make(ErrorKind::kBadRequest, "bad_request",
                                   "status 须为 open 或 closed（可用逗号分隔）",
                                   "status: must be open or closed (comma-separated)"));
        for (int i = 0; i <= static_cast<int>(cases::State::kMerged); ++i) {
          auto state = static_cast<cases::State>(i);
          if (open311_status(state) == v) s.states.push_back(cases::to_string(state));
        }
      }
    }
    for (auto [name, out] :
         {std::pair{"start_date", &s.created_from}, std::pair{"end_date", &s.created_to},
          std::pair{"updated_after", &s.updated_from},
          std::pair{"updated_before", &s.updated_to}}) {
      auto t = date_param(req, name);
      if (!t) return error(f, req, t.error());
      *out = *t;
    }
    // The end date is included: its whole second, as requested_datetime is written.
    if (s.created_to) s.created_to += 1000;
    if (!s.created_from && !s.created_to && !s.updated_from && !s.updated_to)
      s.created_from = svc.clock.now_ms() - kDefaultWindow;
    // A period is at most a year: a client cannot make one request read every case ever.
    Millis now = svc.clock.now_ms();
    for (auto [from, to, names] :
         {std::tuple{&s.created_from, &s.created_to, "start_date/end_date"},
          std::tuple{&s.updated_from, &s.updated_to, "updated_after/updated_before"}}) {
      if (*to && !*from) *from = *to - kDefaultWindow;  // an end alone: the default window
      if (*from && (*to ? *to : now) - *from > kMaxWindow)
        return error(f, req,
                     Error::make(ErrorKind::kBadRequest, "bad_request",
                                 std::string(names) + "：时间段最长 366 天",
                                 std::string(names) + ": a period of at most 366 days"));
    }
    auto page = positive(req, "page", 1, 1000000);
    if (!page) return error(f, req, page.error());
    auto size = positive(req, "page_size", kMaxResults, kMaxResults);
    if (!size) return error(f, req, size.error());
    s.limit = *size;
    s.offset = static_cast<long long>(*page - 1) * *size;
  }
  ViewOptions options{*detail, req.query_param("extensions") == "true", req.english()};
  json::array out = svc.db.read([&](soci::session& sql) {
    RequestView view(sql, options);
    json::array items;
    for (const auto& c : cases::search_cases(sql, s)) items.push_back(view(c));
    return items;
  });
  return respond(f, out, "service_requests");
}

// GET /open311/v2/requests/{id}.{json|xml}: one request, as a list of one.
Response get_request(Services& svc, Request& req) {
  auto split = split_format(req.param("id"));
  if (!split) return error(Format::kJson, 404, "add .json or .xml to the service_request_id");
  Format f = split->second;
  auto scope = jurisdiction(svc, req.query_param("jurisdiction_id"));
  if (!scope) return error(f, req, scope.error());
  auto detail = detail_scope(svc, req);
  if (!detail) return error(f, req, detail.error());
  ViewOptions options{*detail, req.query_param("extensions") == "true", req.english()};
  auto item = svc.db.read([&](soci::session& sql) -> std::optional<json::object> {
    auto c = cases::find_case_by_code(sql, split->first);
    if (!c || !path_covers(scope->empty() ? "/" : *scope, c->node_path)) return std::nullopt;
    return RequestView(sql, options)(*c);
  });
  if (!item)
    return error(f, req,
                 Error::not_found("诉求 service_request_id " + split->first,
                                  "service_request_id " + split->first));
  return respond(f, json::array{std::move(*item)}, "service_requests");
}

// GET /open311/v2/tokens/{token}.{json|xml}: the request a token became.
Response get_token(Services& svc, Request& req) {
  auto split = split_format(req.param("token"));
  if (!split) return error(Format::kJson, 404, "add .json or .xml to the token");
  auto scope = jurisdiction(svc, req.query_param("jurisdiction_id"));
  if (!scope) return error(split->second, req, scope.error());
  auto found = svc.db.read([&](soci::session& sql) -> std::optional<std::string> {
    auto r = by_token(sql, split->first);
    if (!r) return std::nullopt;
    auto c = cases::find_case(sql, r->case_id);
    // A token of another city's request is not found in this one.
    if (!c || !path_covers(scope->empty() ? "/" : *scope, c->node_path)) return std::nullopt;
    return std::optional(c->code);
  });
  if (!found) return error(split->second, 404, "token not found: " + split->first);
  return respond(split->second,
                 json::array{json::object{{"service_request_id", *found}, {"token", split->first}}},
                 "service_requests");
}

}  // namespace

void request_routes(http::Router& router, Services& svc) {
  for (auto [ext, f] : {std::pair{"json", Format::kJson}, std::pair{"xml", Format::kXml}}) {
    std::string path = std::string(kBase) + "/requests." + ext;
    router.add("POST", path, [&svc, f = f](Request& req) { return post_request(svc, req, f); },
               {.requires_auth = false,
                .summary = "Open311: report a service request (form fields, api_key required)",
                .body = kPostFields});
    router.add("GET", path, [&svc, f = f](Request& req) { return get_requests(svc, req, f); },
               {.requires_auth = false,
                .summary = "Open311: service requests by id, service, status, dates, page"});
  }
  router.add("GET", std::string(kBase) + "/requests/{id}",
             [&svc](Request& req) { return get_request(svc, req); },
             {.requires_auth = false,
              .summary = "Open311: one service request, as {service_request_id}.json or .xml"});
  router.add("GET", std::string(kBase) + "/tokens/{token}",
             [&svc](Request& req) { return get_token(svc, req); },
             {.requires_auth = false,
              .summary = "Open311: the service request a token became, as {token}.json or .xml"});
}

}  // namespace gridgov::open311
