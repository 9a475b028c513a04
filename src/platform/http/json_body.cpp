#include "platform/http/json_body.hpp"

#include "platform/text/media_type.hpp"

#include <cmath>

#include <fmt/format.h>
#include <algorithm>

#include <boost/json.hpp>

#include "platform/text/text.hpp"

namespace gridgov::http {

namespace {
Error type_error(const char* key, const char* zh_type, const char* en_type) {
  return Error::invalid(key, std::string("字段 ") + key + " 应为" + zh_type,
                        std::string("Field ") + key + " must be " + en_type);
}
Error missing(const char* key) {
  return Error::invalid(key, std::string("缺少必填字段 ") + key,
                        std::string("Missing required field ") + key);
}

bool is_id(const boost::json::value& v) {
  return (v.is_string() && parse_id(std::string_view(v.as_string()))) ||
         (v.is_int64() && v.as_int64() > 0);
}

// Whether `v` is of a declared type (null is "absent", checked apart).
bool of_type(const boost::json::value& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "id") return is_id(v);
  if (type == "ids" || type == "array") return v.is_array();
  if (type == "integer") return v.is_int64() || v.is_uint64();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_bool();
  if (type == "object") return v.is_object();
  if (type == "geojson") return v.is_object() || v.is_string();
  return false;
}

Error wrong_type(const char* key, std::string_view type) {
  if (type == "string") return type_error(key, "字符串", "a string");
  if (type == "id") return type_error(key, "有效的编号", "a valid id");
  if (type == "ids") return type_error(key, "编号数组", "an array of ids");
  if (type == "integer") return type_error(key, "整数", "an integer");
  if (type == "number") return type_error(key, "数字", "a number");
  if (type == "boolean") return type_error(key, "布尔值", "true or false");
  if (type == "object") return type_error(key, "对象", "an object");
  if (type == "geojson")
    return type_error(key, "GeoJSON 对象或其文本", "a GeoJSON object or its text");
  return type_error(key, "数组", "an array");
}

// The body against the route's declaration, in the declaration's order.
Status check_declared(const boost::json::object& o, const BodySpec& spec) {
  for (const auto& f : spec.fields) {
    const auto* v = o.if_contains(f.name);
    if (!v || v->is_null()) {
      if (f.required) return missing(f.name.c_str());
      continue;
    }
    if (!of_type(*v, f.type)) return wrong_type(f.name.c_str(), f.type);
  }
  return {};
}
}  // namespace

Status Body::declared(const char* key, std::string_view type, bool required) const {
  if (!spec_) return {};
  const BodyField* f = spec_->field(key);
  // A handler may need a field the declaration leaves optional (needed for some
  // actions only), never the reverse: what is declared required, is.
  if (f && f->type == type && (required || !f->required)) return {};
  // A handler reading what its route does not declare: the description is wrong.
  return Error::make(ErrorKind::kInternal, "undeclared_field",
                     std::string("服务器错误：字段 ") + key + " 未在接口说明中声明",
                     std::string("Server error: field ") + key + " (" + std::string(type) +
                         (required ? "" : ", optional") + ") is not so in the route's declaration");
}

Result<Body> Body::parse(const Request& req) {
  std::string_view ct = req.header("Content-Type");
  if (!ct.empty()) {
    auto m = text::media_type(ct);
    if (m.type != "application/json")
      return Error::make(ErrorKind::kUnsupportedMedia, "unsupported_media_type",
                         "请求体须为 JSON（Content-Type: application/json）",
                         "The body must be JSON (Content-Type: application/json)");
    if (!m.utf8())
      return Error::make(ErrorKind::kUnsupportedMedia, "unsupported_charset",
                         "请求体须为 UTF-8 编码", "The body must be encoded in UTF-8");
  }
  boost::system::error_code ec;
  // Boost.JSON rejects invalid UTF-8 in strings, and we cap nesting depth.
  boost::json::parse_options opts;
  opts.max_depth = 32;
  boost::json::value v = boost::json::parse(req.body, ec, {}, opts);
  if (ec) {
    return Error::make(ErrorKind::kBadRequest, "malformed_json",
                       "请求体不是有效的 JSON: " + ec.message(),
                       "The body is not valid JSON: " + ec.message());
  }
  if (!v.is_object()) {
    return Error::make(ErrorKind::kBadRequest, "malformed_json", "请求体须为 JSON 对象",
                       "The body must be a JSON object");
  }
  Body b;
  b.obj_ = std::move(v.as_object());
  if (const BodySpec* spec = req.body_spec; spec && spec->kind != BodySpec::Kind::kUndeclared) {
    if (spec->kind != BodySpec::Kind::kJson)
      return Error::make(ErrorKind::kInternal, "undeclared_body",
                         "服务器错误：接口未声明 JSON 请求体",
                         "Server error: the route declares no JSON body");
    if (auto st = check_declared(b.obj_, *spec); !st) return st.error();
    b.spec_ = spec;
  }
  return b;
}

Result<std::string> Body::text(const char* key, TextRule rule) const {
  if (auto st = declared(key, "string", rule.required); !st) return st.error();
  auto it = obj_.find(key);
  if (it == obj_.end() || it->value().is_null()) {
    if (rule.required) return missing(key);
    return std::string();
  }
  if (!it->value().is_string()) return type_error(key, "字符串", "a string");
  std::string s = text::trim(std::string_view(it->value().as_string()));
  if (!text::valid_utf8(s)) return Error::invalid(key, "包含无效的 UTF-8 字符", "Invalid UTF-8");
  if (text::has_control(s, rule.multiline)) {
    return Error::invalid(key, std::string("字段 ") + key + " 包含控制字符",
                          std::string("Field ") + key + " contains control characters");
  }
  std::size_t n = text::length(s);
  if (n == 0 && rule.required) return missing(key);
  if (n > 0 && n < rule.min_chars) {
    return Error::invalid(
        key, std::string("字段 ") + key + " 至少 " + std::to_string(rule.min_chars) + " 个字符",
        std::string("Field ") + key + " needs at least " + std::to_string(rule.min_chars) +
            " characters");
  }
  if (n > rule.max_chars) {
    return Error::invalid(
        key, std::string("字段 ") + key + " 最多 " + std::to_string(rule.max_chars) + " 个字符",
        std::string("Field ") + key + " allows at most " + std::to_string(rule.max_chars) +
            " characters");
  }
  return s;
}

Result<std::optional<Id>> Body::id(const char* key, bool required) const {
  if (auto st = declared(key, "id", required); !st) return st.error();
  auto it = obj_.find(key);
  if (it == obj_.end() || it->value().is_null()) {
    if (required) return missing(key);
    return std::optional<Id>();
  }
  const auto& v = it->value();
  std::optional<Id> id;
  if (v.is_string())
    id = parse_id(std::string_view(v.as_string()));
  else if (v.is_int64() && v.as_int64() > 0)
    id = v.as_int64();
  if (!id) return type_error(key, "有效的编号", "a valid id");
  return id;
}

Result<std::vector<Id>> Body::ids(const char* key, std::size_t max) const {
  if (auto st = declared(key, "ids", true); !st) return st.error();
  auto it = obj_.find(key);
  if (it == obj_.end() || it->value().is_null()) return missing(key);
  if (!it->value().is_array()) return type_error(key, "编号数组", "an array of ids");
  const auto& arr = it->value().as_array();
  if (arr.empty() || arr.size() > max) {
    return Error::invalid(key, fmt::format("须为 1–{} 个编号", max),
                          fmt::format("Give 1–{} ids", max));
  }
  std::vector<Id> out;
  for (const auto& v : arr) {
    std::optional<Id> id;
    if (v.is_string())
      id = parse_id(std::string_view(v.as_string()));
    else if (v.is_int64() && v.as_int64() > 0)
      id = v.as_int64();
    if (!id) return type_error(key, "编号数组", "an array of ids");
    if (std::find(out.begin(), out.end(), *id) == out.end()) out.push_back(*id);
  }
  return out;
}

Result<std::optional<long long>> Body::integer(const char* key, long long min, long long max,
                                               bool required) const {
  if (auto st = declared(key, "integer", required); !st) return st.error();
  auto it = obj_.find(key);
  if (it == obj_.end() || it->value().is_null()) {
    if (required) return missing(key);
    return std::optional<long long>();
  }
  if (!it->value().is_int64()) return type_error(key, "整数", "an integer");
  long long v = it->value().as_int64();
  if (v < min || v > max) {
    return Error::invalid(key,
                          std::string("字段 ") + key + " 超出范围 [" + std::to_string(min) + ", " +
                              std::to_string(max) + "]",
                          std::string("Field ") + key + " is outside [" + std::to_string(min) +
                              ", " + std::to_string(max) + "]");
  }
  return std::optional<long long>(v);
}

Result<std::optional<bool>> Body::boolean(const char* key, bool required) const {
  if (auto st = declared(key, "boolean", required); !st) return st.error();
  auto it = obj_.find(key);
  if (it == obj_.end() || it->value().is_null()) {
    if (required) return missing(key);
    return std::optional<bool>();
  }
  if (!it->value().is_bool()) return type_error(key, "布尔值", "true or false");
  return std::optional<bool>(it->value().as_bool());
}

Result<double> Body::number(const char* key) const {
  if (auto st = declared(key, "number", true); !st) return st.error();
  const auto* v = obj_.if_contains(key);
  if (!v || v->is_null()) return missing(key);
  if (!v->is_number()) return type_error(key, "数字", "a number");
  double d = v->to_number<double>();
  // JSON has no NaN, but a body built in the server (a form read by strtod) may.
  if (!std::isfinite(d)) return type_error(key, "有限数字", "a finite number");
  return d;
}

Result<int> page_limit(const Request& req, int fallback, int max) {
  if (req.export_rows > 0) return req.export_rows;  // an export takes the whole list
  auto v = req.query_param("limit");
  if (!v) return fallback;
  if (!text::all_digits(*v) || v->size() > 6) {
    return Error::invalid("limit", "limit 须为正整数", "limit must be a positive integer");
  }
  int n = std::stoi(*v);
  if (n < 1 || n > max) {
    return Error::invalid("limit", "limit 须在 1–" + std::to_string(max) + " 之间",
                          "limit must be between 1 and " + std::to_string(max));
  }
  return n;
}

Result<std::optional<Id>> query_id(const Request& req, const char* key) {
  auto v = req.query_param(key);
  if (!v || v->empty()) return std::optional<Id>();
  auto id = parse_id(*v);
  if (!id)
    return Error::invalid(key, std::string(key) + " 不是有效的编号",
                          std::string(key) + " is not a valid id");
  return std::optional<Id>(id);
}

Status check_choice(const Choices& list, const std::string& v, const char* field) {
  for (const auto& [id, zh] : list)
    if (id == v) return {};
  std::string options;
  for (const auto& [id, zh] : list) options += (options.empty() ? "" : ", ") + id;
  return Error::invalid(field, std::string("字段 ") + field + " 须为以下之一: " + options,
                        std::string("Field ") + field + " must be one of: " + options);
}

Result<IdPage> id_page(const Request& req, int fallback, int max) {
  IdPage page;
  auto before = query_id(req, "before");
  if (!before) return before.error();
  page.before = *before;
  auto limit = page_limit(req, fallback, max);
  if (!limit) return limit.error();
  page.limit = *limit;
  return page;
}

Response page_json(boost::json::array items, std::size_t rows, Id last_id, int limit) {
  boost::json::object res{{"items", std::move(items)}};
  if (static_cast<int>(rows) == limit) res["next_before"] = id_to_string(last_id);
  return ok_json(res);
}

std::string to_json(const boost::json::value& v) {
  return boost::json::serialize(v);
}

Response ok_json(const boost::json::value& v, int status) {
  return json_response(status, boost::json::serialize(v));
}

}  // namespace gridgov::http
