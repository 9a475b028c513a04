#include "platform/http/body_spec.hpp"

#include <algorithm>
#include <array>

namespace gridgov::http {

namespace {
// geojson: a GeoJSON object, or the same as text (as a file's content is pasted).
constexpr std::array<std::string_view, 9> kTypes = {
    "string", "id", "ids", "integer", "number", "boolean", "object", "array", "geojson"};
}  // namespace

std::optional<BodySpec> BodySpec::parse(std::string_view spec) {
  BodySpec out;
  if (spec.empty()) return out;
  if (spec == "none") {
    out.kind = Kind::kNone;
    return out;
  }
  if (spec == "upload") {
    out.kind = Kind::kUpload;
    return out;
  }
  out.kind = Kind::kJson;
  if (spec.starts_with("form:")) {
    out.kind = Kind::kForm;
    spec.remove_prefix(5);
  }
  while (!spec.empty()) {
    auto space = spec.find(' ');
    std::string_view item = spec.substr(0, space);
    spec = space == std::string_view::npos ? std::string_view{} : spec.substr(space + 1);
    if (item.empty()) continue;
    auto colon = item.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    BodyField f{std::string(item.substr(0, colon)), std::string(item.substr(colon + 1))};
    if (f.type.ends_with('!')) {
      f.required = true;
      f.type.pop_back();
    }
    if (std::find(kTypes.begin(), kTypes.end(), f.type) == kTypes.end()) return std::nullopt;
    if (out.field(f.name)) return std::nullopt;  // named twice
    out.fields.push_back(std::move(f));
  }
  if (out.fields.empty()) return std::nullopt;
  return out;
}

const BodyField* BodySpec::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace gridgov::http
