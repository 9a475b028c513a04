#pragma once
// CSV (RFC 4180) in one place: reading records whose quoted fields may hold
// commas, quotes ("") and line breaks, with or without a UTF-8 BOM and CRLF;
// and writing cells that a spreadsheet will not run as formulas.
#include <string>
#include <string_view>
#include <vector>

namespace gridgov::csv {

class Reader {
 public:
  explicit Reader(std::string_view text);
  // The next record; false at the end. Blank lines are skipped.
  bool next(std::vector<std::string>& fields);
  // The line on which the record last returned began (1-based).
  int line() const { return line_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int next_line_ = 1;
  int line_ = 0;
};

// A quoted cell; one starting like a formula (= + - @) gets a leading
// apostrophe so spreadsheets show it instead of running it (CSV injection).
std::string cell(std::string_view s);

}  // namespace gridgov::csv
