// application/x-www-form-urlencoded bodies and query strings (Open311 POSTs, HTML forms).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/http/form.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto form =
      gridgov::http::parse_form(std::string_view(reinterpret_cast<const char*>(data), size));
  if (form)
    for (const auto& [k, v] : *form)
      if (k.size() + v.size() > size) __builtin_trap();  // decoding never grows the text
  return 0;
}
