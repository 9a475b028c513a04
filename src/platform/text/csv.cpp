#include "platform/text/csv.hpp"

namespace gridgov::csv {

Reader::Reader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // Excel's UTF-8 BOM
}

bool Reader::next(std::vector<std::string>& fields) {
  for (;;) {
    fields.clear();
    if (pos_ >= text_.size()) return false;
    line_ = next_line_;
    std::string field;
    bool quoted = false, any = false;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (quoted) {
        if (c == '"' && pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') ++next_line_;
          field += c;
        }
      } else if (c == '"') {
        quoted = any = true;
      } else if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
        any = true;
      } else if (c == '\n') {
        ++next_line_;
        break;
      } else if (c != '\r') {
        field += c;
        any = true;
      }
    }
    if (!any && field.empty()) continue;  // a blank line
    fields.push_back(std::move(field));
    return true;
  }
}

std::string cell(std::string_view s) {
  std::string out = "\"";
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) out += '\'';
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace gridgov::csv
