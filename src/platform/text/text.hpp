#pragma once
// Text checks used by every input validator.
#include <cstddef>
#include <string>
#include <string_view>

namespace gridgov::text {

// Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s);
// Code points, assuming valid UTF-8.
std::size_t length(std::string_view s);
// True when the string holds a control character (other than tab/newline when allowed).
bool has_control(std::string_view s, bool allow_newlines = false);
std::string trim(std::string_view s);
// The first `n` code points (valid UTF-8 in, valid UTF-8 out).
std::string clip(std::string_view s, std::size_t n);
bool all_digits(std::string_view s);
// Escapes % _ and \ so a user's text matches only itself in a LIKE pattern
// written with ESCAPE '\' ("q=%" must not match everyone).
std::string like_escape(std::string_view s);

}  // namespace gridgov::text
