#include "platform/text/media_type.hpp"

#include <cctype>

#include "platform/text/text.hpp"

namespace gridgov::text {
namespace {
std::string lower(std::string_view s) {
  std::string out(trim(s));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

MediaType media_type(std::string_view header) {
  MediaType m;
  std::size_t semi = header.find(';');
  m.type = lower(header.substr(0, semi));
  while (semi != std::string_view::npos) {
    std::size_t next = header.find(';', semi + 1);
    std::string_view param = header.substr(
        semi + 1, next == std::string_view::npos ? std::string_view::npos : next - semi - 1);
    std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && lower(param.substr(0, eq)) == "charset") {
      std::string v = lower(param.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      m.charset = v;
    }
    semi = next;
  }
  return m;
}

}  // namespace gridgov::text
