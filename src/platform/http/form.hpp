#pragma once
// application/x-www-form-urlencoded bodies (HTML forms, Open311 POSTs).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gridgov::http {

// "a=1&b=x+y%21" → {(a, 1), (b, "x y!")}, in order; nullopt when a %-escape is
// malformed. Keys without "=" get an empty value; empty pieces are skipped.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view body);

}  // namespace gridgov::http
