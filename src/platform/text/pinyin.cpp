#include "platform/text/pinyin.hpp"

#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>

namespace gridgov::pinyin {
namespace {
std::once_flag g_once;
Status g_status;
std::unordered_map<char32_t, std::string> g_table;

// Decodes one code point; advances `i`. Invalid bytes decode as U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80             ? 1
            : (c & 0xE0) == 0xC0 ? 2
            : (c & 0xF0) == 0xE0 ? 3
            : (c & 0xF8) == 0xF0 ? 4
                                 : 1;
  if (i + len > s.size()) {
    i = s.size();
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}
}  // namespace

Status load(const std::string& path) {
  std::call_once(g_once, [&] {
    std::ifstream in(path);
    if (!in) {
      g_status = Error::unavailable("拼音表不存在: " + path, "Pinyin table not found: " + path);
      return;
    }
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      unsigned long cp = 0;
      std::string letters;
      if (fields >> cp >> letters) g_table.emplace(static_cast<char32_t>(cp), letters);
    }
  });
  return g_status;
}

bool loaded() {
  return !g_table.empty();
}

Initials initials(std::string_view utf8) {
  Initials out;
  bool differs = false;
  std::size_t i = 0;
  while (i < utf8.size()) {
    char32_t cp = next_code_point(utf8, i);
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (std::isalnum(static_cast<unsigned char>(c))) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.primary += c;
        out.alternate += c;
      }
      continue;
    }
    auto it = g_table.find(cp);
    if (it == g_table.end()) continue;
    out.primary += it->second[0];
    char alt = it->second.size() > 1 ? it->second[1] : it->second[0];
    differs |= alt != it->second[0];
    out.alternate += alt;
  }
  if (!differs) out.alternate.clear();
  return out;
}

}  // namespace gridgov::pinyin
