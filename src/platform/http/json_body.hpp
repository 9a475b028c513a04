#pragma once
// Reading JSON request bodies and query parameters with validation that
// answers in the standard error shape: malformed JSON → 400, a wrong type,
// a missing field, an overlong string or invalid UTF-8 → 422 naming the field.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/core/ids.hpp"
#include "platform/http/body_spec.hpp"
#include "platform/http/message.hpp"

namespace gridgov::http {

struct TextRule {
  bool required = true;
  std::size_t min_chars = 1;
  std::size_t max_chars = 200;
  bool multiline = false;
};

class Body {
 public:
  // The body must be a JSON object (Content-Type application/json when given)
  // holding the route's declared fields: each required one present, each
  // declared one of its type (422 naming the field). The getters then read
  // only declared fields — reading another is the server's fault (500), found
  // by the first test that takes the route.
  static Result<Body> parse(const Request& req);
  // A nested object read with the same rules (e.g. the items of an array).
  static Body from(boost::json::object o) {
    Body b;
    b.obj_ = std::move(o);
    return b;
  }

  Result<std::string> text(const char* key, TextRule rule = {}) const;
  // Absent → nullopt (when not required). Ids travel as strings or integers.
  Result<std::optional<Id>> id(const char* key, bool required = true) const;
  // A required array of 1..max ids (strings or integers), duplicates dropped.
  Result<std::vector<Id>> ids(const char* key, std::size_t max) const;
  Result<std::optional<long long>> integer(const char* key, long long min, long long max,
                                           bool required = true) const;
  Result<std::optional<bool>> boolean(const char* key, bool required = true) const;
  // A finite number (integer or decimal), required.
  Result<double> number(const char* key) const;
  bool has(const char* key) const { return obj_.contains(key); }
  const boost::json::object& object() const { return obj_; }

 private:
  // ok when the route declares `key` as `type`, and required if the handler
  // reads it as optional (or declares nothing: a nested body).
  Status declared(const char* key, std::string_view type, bool required) const;

  boost::json::object obj_;
  const BodySpec* spec_ = nullptr;
};

// A closed list of choices: (id, Chinese name). ok when `v` is one of the
// ids, else kInvalid naming `field` and the accepted ids.
using Choices = std::vector<std::pair<std::string, std::string>>;
Status check_choice(const Choices& list, const std::string& v, const char* field);

// ?limit= with a default and the configured maximum; kInvalid outside 1..max.
Result<int> page_limit(const Request& req, int fallback, int max);
Result<std::optional<Id>> query_id(const Request& req, const char* key);

// ?before=<id>&limit=: one page of a newest-first list (keyset paging).
struct IdPage {
  std::optional<Id> before;
  int limit = 50;
};
Result<IdPage> id_page(const Request& req, int fallback, int max);
// {"items": items} plus "next_before" when the page is full.
Response page_json(boost::json::array items, std::size_t rows, Id last_id, int limit);

// Serialises a JSON value (kept here so handlers need only this header).
std::string to_json(const boost::json::value& v);
Response ok_json(const boost::json::value& v, int status = 200);

}  // namespace gridgov::http
