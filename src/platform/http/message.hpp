#pragma once
// The request and response a handler sees. Plain structs: no Beast, no Asio,
// so features compile fast and never touch sockets.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/core/error.hpp"

namespace gridgov {
struct Principal;
}

namespace gridgov::http {

class Subscription;
struct BodySpec;

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method;                                      // upper case, e.g. "GET"
  std::string target;                                      // as sent, e.g. "/api/v1/nodes?limit=10"
  std::string path;                                        // percent-decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::vector<Header> headers;
  std::string body;
  std::string remote_ip;
  std::string request_id;
  std::string route;                           // the matched pattern
  const BodySpec* body_spec = nullptr;         // the matched route's declared body
  std::map<std::string, std::string> params;   // path parameters of the route
  std::shared_ptr<const Principal> principal;  // set when authenticated
  int export_rows = 0;  // > 0 while a list is exported: its page may hold this many rows

  // Header value by case-insensitive name, empty if absent.
  std::string_view header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::string param(const std::string& name) const;
  // English when the client asks for it (Accept-Language: en… or ?lang=en); else Chinese.
  bool english() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<Header> headers;
  std::string file_path;              // when set, the body is this file's content
  std::shared_ptr<Subscription> sse;  // when set, the response is an event stream

  void set_header(std::string name, std::string value);
};

// 204 No Content.
Response no_content();
// A JSON response from already-serialised JSON.
Response json_response(int status, std::string json);
// The error shape every endpoint uses:
// {"error":{"code":"...","message":"...","field":"...","request_id":"..."}}
Response error_response(const Request& req, const Error& error);

}  // namespace gridgov::http
