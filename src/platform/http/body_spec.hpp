#pragma once
// A route's request body, declared once (RouteOptions::body) and used twice:
// the OpenAPI description is generated from it, and Body::parse checks the body
// against it (every required field present, every declared field of its type),
// while Body's getters refuse to read a field the declaration does not name —
// so the description and what the handler reads cannot disagree.
//
// The declaration: JSON fields as "name:type …" ('!' after the type: required;
// types string, id, ids, integer, number, boolean, object, array, and geojson:
// an object or its text),
// "form: …" for form fields, "upload" (a file is the body) or "none".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridgov::http {

struct BodyField {
  std::string name;
  std::string type;
  bool required = false;
};

struct BodySpec {
  enum class Kind { kUndeclared, kNone, kJson, kForm, kUpload };
  Kind kind = Kind::kUndeclared;
  std::vector<BodyField> fields;

  // nullopt when malformed: an unknown type, a field without one, no fields.
  static std::optional<BodySpec> parse(std::string_view spec);
  const BodyField* field(std::string_view name) const;
};

}  // namespace gridgov::http
