#include "platform/http/openapi.hpp"

#include <boost/json.hpp>

#include "platform/http/json_body.hpp"

namespace gridgov::http {
namespace json = boost::json;

namespace {

// The first segment after /api/v1 names the area: cases, nodes, persons…
std::string tag_of(const std::string& pattern) {
  std::string rest = pattern.starts_with("/api/v1/") ? pattern.substr(8) : pattern.substr(1);
  auto slash = rest.find('/');
  std::string tag = slash == std::string::npos ? rest : rest.substr(0, slash);
  return tag.empty() ? "ops" : tag;
}

std::string operation_id(const Route& r) {
  std::string id = r.method;
  for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& seg : r.segments) {
    id += '_';
    for (char c : seg)
      if (std::isalnum(static_cast<unsigned char>(c))) id += c;
  }
  return id;
}

json::object error_response(const char* description) {
  return json::object{
      {"description", description},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

json::object type_schema(std::string_view type) {
  if (type == "id") return {{"type", "string"}, {"pattern", "^[0-9]+$"}};
  if (type == "ids")
    return {{"type", "array"}, {"items", {{"type", "string"}, {"pattern", "^[0-9]+$"}}}};
  if (type == "geojson")
    return {
        {"oneOf", json::array{json::object{{"type", "object"}}, json::object{{"type", "string"}}}},
        {"description", "GeoJSON geometry or Feature, as an object or its text"}};
  for (const char* t : {"string", "integer", "number", "boolean", "object", "array"})
    if (type == t) return {{"type", t}};
  return {};
}

}  // namespace

std::optional<json::object> request_body(const std::string& spec) {
  auto parsed = BodySpec::parse(spec);
  if (!parsed) return std::nullopt;
  return request_body(*parsed);
}

json::object request_body(const BodySpec& spec) {
  using Kind = BodySpec::Kind;
  if (spec.kind == Kind::kNone || spec.kind == Kind::kUndeclared) return json::object{};
  if (spec.kind == Kind::kUpload)
    return json::object{
        {"required", true},
        {"description", "The file itself is the body (Content-Type as the file's)"},
        {"content",
         {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
  const char* media =
      spec.kind == Kind::kForm ? "application/x-www-form-urlencoded" : "application/json";
  json::object properties;
  json::array required;
  for (const auto& f : spec.fields) {
    properties[f.name] = type_schema(f.type);
    if (f.required) required.push_back(json::string(f.name));
  }
  json::object schema{{"type", "object"}, {"properties", std::move(properties)}};
  bool any_required = !required.empty();
  if (any_required) schema["required"] = std::move(required);
  return json::object{{"required", any_required},
                      {"content", {{media, {{"schema", std::move(schema)}}}}}};
}

json::object openapi(const Router& router, const std::string& version) {
  json::object paths;
  for (const auto& r : router.routes()) {
    json::array params;
    for (const auto& seg : r.segments) {
      if (seg.size() < 3 || seg.front() != '{') continue;
      std::string name = seg.substr(1, seg.size() - 2);
      params.push_back(json::object{{"name", name},
                                    {"in", "path"},
                                    {"required", true},
                                    {"schema", {{"type", "string"}}},
                                    {"description", name == "id" ? "Id (decimal string)" : name}});
    }
    json::object responses{{"200", {{"description", "OK"}}},
                           {"4XX", error_response("Refused: the error says why, in Chinese or "
                                                  "English (Accept-Language)")}};
    if (r.options.requires_auth) responses["401"] = error_response("Not signed in");
    json::object op{{"summary", r.options.summary},
                    {"operationId", operation_id(r)},
                    {"tags", json::array{json::string(tag_of(r.pattern))}},
                    {"parameters", std::move(params)},
                    {"responses", std::move(responses)}};
    if (auto body = request_body(r.body); !body.empty()) op["requestBody"] = std::move(body);
    op["security"] = r.options.requires_auth ? json::array{json::object{{"bearer", json::array{}}},
                                                           json::object{{"cookie", json::array{}}}}
                                             : json::array{};
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::value& path = paths[r.pattern];
    if (!path.is_object()) path.emplace_object();
    path.as_object()[method] = std::move(op);
  }
  return json::object{
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "GridGov API 基层治理平台接口"},
        {"version", version},
        {"description",
         "Every route of the server, generated from its router. Errors are "
         "{error: {code, message, field?, request_id}}; messages follow "
         "Accept-Language (zh-CN by default, en on request)."}}},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas",
         {{"Error",
           {{"type", "object"},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"properties",
                 {{"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}}},
                  {"field", {{"type", "string"}}},
                  {"request_id", {{"type", "string"}}}}}}}}}}}}},
        {"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
          {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "gridgov_session"}}}}}}}};
}

namespace {
// The viewer: one page, no external scripts, styles or fonts.
constexpr const char* kViewer = R"HTML(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>GridGov API</title>
<style>
body{font-family:"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;margin:0;color:#1f2d3d;background:#f4f6f9}
header{background:#c8161d;color:#fff;padding:12px 20px}header h1{margin:0;font-size:20px}
main{padding:12px 20px;max-width:1100px}input{padding:6px 10px;width:320px;border:1px solid #ccc;border-radius:4px}
h2{font-size:16px;margin:18px 0 6px;border-bottom:1px solid #ddd}
.op{background:#fff;border-radius:4px;margin:4px 0;padding:6px 10px;display:flex;gap:10px;align-items:baseline}
.m{font-weight:700;width:60px;font-family:monospace}.get{color:#2e7d32}.post{color:#1565c0}.put,.patch{color:#ef6c00}.delete{color:#c62828}
.p{font-family:monospace}.s{color:#555}.b{font-family:monospace;font-size:12px;color:#777}.lock{color:#999;font-size:12px}
</style></head><body><header><h1>GridGov API · 接口文档</h1></header><main>
<p><input id="q" placeholder="筛选 filter"> <a href="/api/v1/openapi.json">openapi.json</a></p><div id="list">…</div></main>
<script src="/api/docs/viewer.js"></script></body></html>)HTML";
// Its script, from our own origin (the Content-Security-Policy allows no inline script).
constexpr const char* kViewerScript =
    R"JS(const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
const body=o=>{const c=o.requestBody&&Object.entries(o.requestBody.content)[0];if(!c)return'';const s=c[1].schema,req=s.required||[];
  const f=s.properties?Object.entries(s.properties).map(([k,v])=>k+(req.includes(k)?'*':'')+':'+(v.type||'object|string')).join(', '):'file';
  return'<div class="b">'+esc(c[0]+' { '+f+' }')+'</div>'};
fetch('/api/v1/openapi.json').then(r=>r.json()).then(doc=>{
  const ops=[];for(const[p,ms]of Object.entries(doc.paths))for(const[m,o]of Object.entries(ms))ops.push({p,m,o});
  const draw=()=>{const q=document.getElementById('q').value.toLowerCase();const by={};
    for(const x of ops){if(q&&!(x.p+x.o.summary).toLowerCase().includes(q))continue;(by[x.o.tags[0]]??=[]).push(x)}
    document.getElementById('list').innerHTML=Object.keys(by).sort().map(t=>'<h2>'+esc(t)+'</h2>'+by[t].map(x=>
      '<div class="op" data-op="'+esc(x.o.operationId)+'"><span class="m '+x.m+'">'+x.m.toUpperCase()+'</span><span class="p">'+esc(x.p)+
      '</span><span class="s">'+esc(x.o.summary)+body(x.o)+'</span>'+(x.o.security.length?'<span class="lock">需登录 sign-in</span>':'')+'</div>').join('')).join('')};
  document.getElementById('q').oninput=draw;draw()});
)JS";
}  // namespace

namespace {
// A fixed page or script, served as it is.
Handler constant(const char* content_type, const char* body) {
  return [content_type, body](Request&) {
    Response r;
    r.content_type = content_type;
    r.body = body;
    return r;
  };
}
}  // namespace

void docs_routes(Router& router, const std::string& version) {
  router.add(
      "GET", "/api/v1/openapi.json",
      [&router, version](Request&) { return ok_json(openapi(router, version)); },
      {.requires_auth = false, .summary = "This API described as OpenAPI 3.0 (from the routes)"});
  router.add(
      "GET", "/api/docs", constant("text/html; charset=utf-8", kViewer),
      {.requires_auth = false, .summary = "A reader for the API description (works offline)"});
  router.add("GET", "/api/docs/viewer.js",
             constant("text/javascript; charset=utf-8", kViewerScript),
             {.requires_auth = false, .summary = "The API reader's script (same origin, no CDN)"});
}

}  // namespace gridgov::http
