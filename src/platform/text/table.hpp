#pragma once
// Tables as people exchange them: CSV or Excel (xlsx). Reading an uploaded
// ledger row by row whatever its format, and rendering lists and reports in
// either, so every import and export goes through one place.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/error.hpp"

namespace gridgov {
class Config;
}

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
// The same error with what it echoes cut short: a report never repeats a
// file's giant cell back (每项至多 200 字).
RowError bounded(RowError e);

// What an uploaded table may cost to read. An xlsx is a zip: a file of 1 MB may
// unpack to gigabytes, so reading stops at the first limit passed, having held
// no more than one row (and the shared strings) at a time.
struct Limits {
  std::uint64_t max_unzipped_bytes = 1ull << 30;  // every part read, decompressed
  std::size_t max_cell_bytes = 128 * 1024;        // Excel itself stops at 32,767 characters
  std::size_t max_rows = 2'000'000;               // counting empty rows
  std::size_t max_columns = 256;
};

// The limits from the settings (tables.*).
Limits limits_of(const Config& config);

// What a reader stops with when a limit is passed (kInvalid, field "file").
Error too_many_rows(const Limits& l);
Error too_many_columns(const Limits& l);
Error cell_too_long(const Limits& l);
Error too_large_unpacked(const Limits& l);

// The rows of an uploaded table: a CSV, or an xlsx workbook's first worksheet.
class Reader {
 public:
  // Fails (kInvalid) when an xlsx is damaged or holds no worksheet.
  static Result<std::unique_ptr<Reader>> open(std::string data, Format f, Limits limits = {});
  virtual ~Reader() = default;
  // The next non-blank row; false at the end, or when reading had to stop
  // (status() then says why). A row may hold fewer cells than the header (a
  // spreadsheet leaves out empty trailing cells).
  virtual bool next(std::vector<std::string>& cells) = 0;
  // The row number a spreadsheet shows for the row last returned (CSV: its line).
  virtual int line() const = 0;
  // Ok, or why next() stopped before the end: a limit passed, damaged bytes.
  // Every caller checks it after its last row.
  virtual Status status() const = 0;
};

}  // namespace gridgov::table
