#include "features/open311/format.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <map>

namespace gridgov::open311 {
namespace json = boost::json;

std::optional<std::pair<std::string, Format>> split_format(std::string_view segment) {
  for (auto [ext, f] : {std::pair{".json", Format::kJson}, std::pair{".xml", Format::kXml}}) {
    std::string_view e(ext);
    if (segment.size() > e.size() && segment.ends_with(e))
      return std::pair{std::string(segment.substr(0, segment.size() - e.size())), f};
  }
  return std::nullopt;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// The element each item of a container is written as (the specification's names).
std::string item_of(const std::string& container) {
  static const std::map<std::string, std::string> items = {
      {"services", "service"},     {"service_requests", "request"},
      {"attributes", "attribute"}, {"values", "value"},
      {"errors", "error"},         {"endpoints", "endpoint"},
      {"formats", "format"},       {"keywords", "keyword"},
      {"media", "media_url"},      {"notes", "note"}};
  auto it = items.find(container);
  return it != items.end() ? it->second : "item";
}

}  // namespace

std::string plain_number(const json::value& v) {
  if (!v.is_double()) return json::serialize(v);
  // Decimals as people and validators read them (30.5875, never 3.05875E1), to a
  // tenth of a microdegree.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.7f", v.as_double());
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string to_json(const json::value& v) {
  if (v.is_object()) {
    std::string out = "{";
    for (const auto& [k, x] : v.as_object()) {
      if (out.size() > 1) out += ',';
      out += json::serialize(json::string(k)) + ":" + to_json(x);
    }
    return out + "}";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (const auto& x : v.as_array()) {
      if (out.size() > 1) out += ',';
      out += to_json(x);
    }
    return out + "]";
  }
  return plain_number(v);
}

namespace {

void write(std::string& out, const std::string& name, const json::value& v) {
  if (v.is_array()) {
    out += "<" + name + ">";
    for (const auto& item : v.as_array()) write(out, item_of(name), item);
    out += "</" + name + ">";
  } else if (v.is_object()) {
    out += "<" + name + ">";
    for (const auto& [k, x] : v.as_object()) write(out, std::string(k), x);
    out += "</" + name + ">";
  } else if (v.is_null()) {
    out += "<" + name + "/>";
  } else if (v.is_string()) {
    out += "<" + name + ">" + xml_escape(v.as_string()) + "</" + name + ">";
  } else {
    out += "<" + name + ">" + plain_number(v) + "</" + name + ">";
  }
}

}  // namespace

http::Response respond(Format f, const json::value& body, const char* root, int status) {
  http::Response r;
  r.status = status;
  if (f == Format::kJson) {
    r.content_type = "application/json; charset=utf-8";
    r.body = to_json(body);
  } else {
    r.content_type = "text/xml; charset=utf-8";
    r.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    write(r.body, root, body);
  }
  return r;
}

http::Response error(Format f, int status, const std::string& description) {
  json::array errors{json::object{{"code", status}, {"description", description}}};
  return respond(f, errors, "errors", status);
}

http::Response error(Format f, const http::Request& req, const Error& e) {
  http::Response r = error(f, http_status(e.kind), req.english() ? e.message_en : e.message_zh);
  if (e.retry_after_s > 0) r.set_header("Retry-After", std::to_string(e.retry_after_s));
  return r;
}

}  // namespace gridgov::open311
