#pragma once
// Open311 GeoReport v2 speaks JSON or XML, chosen by the path's extension
// (services.json, services.xml), with its own error shape:
// [{"code": 400, "description": "…"}] or <errors><error>…</error></errors>.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "platform/http/message.hpp"

namespace gridgov::open311 {

enum class Format { kJson, kXml };

// "services.json" → ("services", kJson); nullopt without a known extension.
std::optional<std::pair<std::string, Format>> split_format(std::string_view segment);

// The body in the chosen format: arrays become a container element holding
// one element per item (services → service, values → value …).
http::Response respond(Format f, const boost::json::value& body, const char* root,
                       int status = 200);
http::Response error(Format f, int status, const std::string& description);
// An Error in the specification's shape, in the caller's language (Retry-After on 429).
http::Response error(Format f, const http::Request& req, const Error& e);

// JSON with numbers in plain decimals (Boost.JSON writes 3.05875E1): the
// specification's validators and many clients read only plain ones.
std::string to_json(const boost::json::value& v);
// A scalar as its text: decimals plain, to seven places.
std::string plain_number(const boost::json::value& v);

// XML text with the five predefined entities escaped.
std::string xml_escape(std::string_view s);

}  // namespace gridgov::open311
