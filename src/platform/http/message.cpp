#include "platform/http/message.hpp"

#include <strings.h>
#include <boost/json.hpp>

namespace gridgov::http {

std::string_view Request::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (h.name.size() == name.size() && strncasecmp(h.name.data(), name.data(), name.size()) == 0) {
      return h.value;
    }
  }
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::string Request::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

bool Request::english() const {
  if (auto lang = query_param("lang")) return lang->rfind("en", 0) == 0;
  std::string_view al = header("Accept-Language");
  // The first language the client lists decides.
  return al.size() >= 2 && (al.substr(0, 2) == "en" || al.substr(0, 2) == "EN");
}

void Response::set_header(std::string name, std::string value) {
  for (auto& h : headers) {
    if (strcasecmp(h.name.c_str(), name.c_str()) == 0) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::move(name), std::move(value)});
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response json_response(int status, std::string json) {
  Response r;
  r.status = status;
  r.body = std::move(json);
  return r;
}

Response error_response(const Request& req, const Error& error) {
  boost::json::object e;
  e["code"] = error.code;
  e["message"] = req.english() ? error.message_en : error.message_zh;
  if (!error.field.empty()) e["field"] = error.field;
  if (!req.request_id.empty()) e["request_id"] = req.request_id;
  boost::json::object o;
  o["error"] = std::move(e);
  Response r = json_response(http_status(error.kind), boost::json::serialize(o));
  if (error.retry_after_s > 0) r.set_header("Retry-After", std::to_string(error.retry_after_s));
  return r;
}

}  // namespace gridgov::http
