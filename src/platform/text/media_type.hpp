#pragma once
// Content-Type as RFC 9110 reads it: the type and subtype are case-insensitive
// ("APPLICATION/JSON" is JSON), parameters follow a ';', and the one we care
// about is the charset — bodies are read as UTF-8 and nothing else.
#include <string>
#include <string_view>

namespace gridgov::text {

struct MediaType {
  std::string type;     // "application/json", lower case; empty when absent
  std::string charset;  // "utf-8", lower case; empty when not given
  // No charset, or UTF-8 ("utf8" too): the only text we read.
  bool utf8() const { return charset.empty() || charset == "utf-8" || charset == "utf8"; }
};

MediaType media_type(std::string_view header);

}  // namespace gridgov::text
