#pragma once
// Tables as people exchange them: CSV or Excel (xlsx). Reading an uploaded
// ledger row by row whatever its format, and rendering lists and reports in
// either, so every import and export goes through one place.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/error.hpp"

namespace gridgov::table {

enum class Format { kCsv, kXlsx };

inline constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr std::string_view kCsvType = "text/csv; charset=utf-8";

// The format named by a request's Content-Type (uploads) or `format` parameter.
std::optional<Format> format_of_type(std::string_view content_type);
std::optional<Format> format_named(std::string_view name);  // "csv" | "xlsx"
std::string_view content_type(Format f);
std::string_view extension(Format f);  // "csv" | "xlsx"

// One worksheet to write: a header row and rows of text. Spreadsheets show a
// CSV's numbers as numbers (and lose an identity number's last digits), so
// xlsx cells are written as text unless their column is listed as numeric.
struct Table {
  std::string name;  // the worksheet's name (≤ 31 characters)
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column; missing = text
  std::vector<int> widths;    // per column, in characters; missing = from the header
};

// CSV (with the BOM Excel needs to read UTF-8) of the first table only; xlsx of all.
Result<std::string> render(const std::vector<Table>& tables, Format f);

// Why a row of an uploaded table was refused (row 1 is the header).
struct RowError {
  int row = 0;
  std::string column, zh, en;
};
// The report handed back: 行 / 列 / 原因 (row, column, reason).
Table error_table(const std::vector<RowError>& errors, bool english);

// The rows of an uploaded table: a CSV, or an xlsx workbook's first worksheet.
class Reader {
 public:
  // Fails (kInvalid) when an xlsx is damaged or holds no worksheet.
  static Result<std::unique_ptr<Reader>> open(std::string data, Format f);
  virtual ~Reader() = default;
  // The next non-blank row; false at the end. A row may hold fewer cells than
  // the header (a spreadsheet leaves out empty trailing cells).
  virtual bool next(std::vector<std::string>& cells) = 0;
  // The row number a spreadsheet shows for the row last returned (CSV: its line).
  virtual int line() const = 0;
};

}  // namespace gridgov::table
