// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): discovery, the
// service list (our case categories) and each service's definition, in JSON
// or XML. Requests (POST and GET) build on these.
#include <soci/soci.h>

#include <boost/json.hpp>

#include "features/cases/taxonomy.hpp"
#include "features/open311/api.hpp"
#include "features/open311/format.hpp"
#include "platform/http/router.hpp"
#include "platform/text/text.hpp"
#include "platform/tree/tree.hpp"
#include "platform/version.hpp"

namespace gridgov::open311 {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr const char* kBase = "/open311/v2";

json::object service_json(const cases::Category& c, bool en) {
  return json::object{{"service_code", c.id},
                      {"service_name", en ? c.en : c.zh},
                      {"description", en ? c.en : c.group_zh + " · " + c.zh},
                      {"metadata", true},
                      {"type", "realtime"},
                      {"keywords", c.group_zh + "," + c.zh + "," + c.en},
                      {"group", c.group_zh}};
}

// When this endpoint's behaviour last changed: the specification wants a
// sortable date-time here, not a version number.
constexpr const char* kChangeset = "2026-12-02T00:00:00+08:00";

Response discovery(Services&, Request& req, Format f) {
  std::string url = "http://" + std::string(req.header("Host")) + kBase + "/";
  json::object doc{
      {"changeset", kChangeset},
      {"contact", "12345 市民服务热线 / the city's 12345 hotline"},
      {"key_service", "API keys are issued per client system by the city's administrator"},
      {"endpoints",
       json::array{json::object{{"specification", "http://wiki.open311.org/GeoReport_v2"},
                                {"url", url},
                                {"changeset", kChangeset},
                                {"type", "production"},
                                {"formats", json::array{"text/xml", "application/json"}}}}}};
  return respond(f, doc, "discovery");
}

Response services(Services& svc, Request& req, Format f) {
  if (auto scope = jurisdiction(svc, req.query_param("jurisdiction_id")); !scope)
    return error(f, req, scope.error());
  json::array list;
  for (const auto& c : cases::categories())
    if (c.active) list.push_back(service_json(c, req.english()));
  return respond(f, list, "services");
}

// The attributes a request for any service may carry: its urgency and its kind.
Response definition(Services& svc, Request& req, Format f, const std::string& code) {
  if (auto scope = jurisdiction(svc, req.query_param("jurisdiction_id")); !scope)
    return error(f, req, scope.error());
  auto c = cases::find_category(code);
  if (!c || !c->active)
    return error(f, req, Error::not_found("服务类别 service_code " + code, "service_code " + code));
  bool en = req.english();
  auto values = [&](const std::vector<std::pair<std::string, std::string>>& list) {
    json::array out;
    for (const auto& [key, zh] : list)
      out.push_back(json::object{{"key", key}, {"name", en ? key : zh}});
    return out;
  };
  json::array attributes{
      json::object{
          {"variable", true},
          {"code", "urgency"},
          {"datatype", "singlevaluelist"},
          {"required", false},
          {"datatype_description", en ? "How urgent (default normal)" : "紧急程度（默认一般）"},
          {"order", 1},
          {"description", en ? "Urgency" : "紧急程度"},
          {"values", values(cases::urgencies())}},
      json::object{{"variable", true},
                   {"code", "kind"},
                   {"datatype", "singlevaluelist"},
                   {"required", false},
                   {"datatype_description",
                    en ? "What kind of request (default complaint)" : "诉求类型（默认投诉）"},
                   {"order", 2},
                   {"description", en ? "Kind" : "诉求类型"},
                   {"values", values(cases::kinds())}}};
  return respond(f, json::object{{"service_code", c->id}, {"attributes", std::move(attributes)}},
                 "service_definition");
}

}  // namespace

Result<std::string> jurisdiction(Services& svc, const std::optional<std::string>& id) {
  if (!id || id->empty()) return std::string();
  std::string code = *id;
  if (code.size() == 6) code += "000000";  // 420100 → 420100000000
  auto node = code.size() <= 12 && text::all_digits(code)
                  ? svc.db.read([&](soci::session& s) { return tree::get_by_code(s, code); })
                  : std::nullopt;
  if (!node || node->level != "city")
    return Error::make(ErrorKind::kNotFound, "jurisdiction_id", "未找到 jurisdiction_id：" + *id,
                       "jurisdiction_id not found: " + *id);
  return node->path;
}

void routes(http::Router& router, Services& svc) {
  for (auto [ext, f] : {std::pair{"json", Format::kJson}, std::pair{"xml", Format::kXml}}) {
    router.add("GET", std::string(kBase) + "/discovery." + ext,
               [&svc, f = f](Request& req) { return discovery(svc, req, f); },
               {.requires_auth = false, .summary = "Open311: where and how this endpoint serves"});
    router.add("GET", std::string(kBase) + "/services." + ext,
               [&svc, f = f](Request& req) { return services(svc, req, f); },
               {.requires_auth = false, .summary = "Open311: the services (our case categories)"});
  }
  router.add(
      "GET", std::string(kBase) + "/services/{code}",
      [&svc](Request& req) {
        auto split = split_format(req.param("code"));
        if (!split)
          return error(Format::kJson, req,
                       Error::make(ErrorKind::kNotFound, "not_found",
                                   "服务类别后须加 .json 或 .xml（如 service_code.json）",
                                   "Add .json or .xml to the service code"));
        return definition(svc, req, split->second, split->first);
      },
      {.requires_auth = false,
       .summary = "Open311: a service's definition (its attributes), as {code}.json or .xml"});
}

}  // namespace gridgov::open311
