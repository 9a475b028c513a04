#pragma once
// Pinyin initials of names, for searches like "wml" → 文庙路社区. The table
// (code point → initials of its readings, most common first) is generated at
// setup from the npm package pinyin-pro (scripts/gen-pinyin-table.mjs).
#include <string>
#include <string_view>

#include "platform/core/error.hpp"

namespace gridgov::pinyin {

// Loads the table once per process; later calls are no-ops. A missing file
// leaves pinyin search empty (names still match by Chinese substring).
Status load(const std::string& path);
bool loaded();

struct Initials {
  std::string primary;    // most common reading of every character: 重庆 → "zq"
  std::string alternate;  // second reading where a character has one: 重庆 → "cq"; else empty
};
// Letters and digits pass through lower-cased; other characters are skipped.
Initials initials(std::string_view utf8);

}  // namespace gridgov::pinyin
