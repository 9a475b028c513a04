#include "platform/text/table.hpp"

#include "platform/config/config.hpp"
#include "platform/text/csv.hpp"
#include "platform/text/media_type.hpp"
#include "platform/text/text.hpp"
#include "platform/text/xlsx.hpp"

namespace gridgov::table {

std::optional<Format> format_of_type(std::string_view content_type) {
  auto m = text::media_type(content_type);
  if (m.type == "text/csv" && m.utf8()) return Format::kCsv;  // a GBK CSV is refused, not misread
  if (m.type == kXlsxType) return Format::kXlsx;
  return std::nullopt;
}

std::optional<Format> format_named(std::string_view name) {
  if (name == "csv") return Format::kCsv;
  if (name == "xlsx") return Format::kXlsx;
  return std::nullopt;
}

std::string_view content_type(Format f) {
  return f == Format::kCsv ? kCsvType : kXlsxType;
}

std::string_view extension(Format f) {
  return f == Format::kCsv ? "csv" : "xlsx";
}

namespace {

class CsvReader : public Reader {
 public:
  CsvReader(std::string data, Limits limits)
      : data_(std::move(data)), reader_(data_), limits_(limits) {}
  bool next(std::vector<std::string>& cells) override {
    if (!status_ || !reader_.next(cells)) return false;
    if (++rows_ > limits_.max_rows) return stop(too_many_rows(limits_));
    if (cells.size() > limits_.max_columns) return stop(too_many_columns(limits_));
    for (const auto& c : cells)
      if (c.size() > limits_.max_cell_bytes) return stop(cell_too_long(limits_));
    return true;
  }
  int line() const override { return reader_.line(); }
  Status status() const override { return status_; }

 private:
  bool stop(Error e) {
    status_ = std::move(e);
    return false;
  }
  std::string data_;
  csv::Reader reader_;  // reads data_ in place
  Limits limits_;
  std::size_t rows_ = 0;
  Status status_;
};

std::string to_csv(const Table& t) {
  std::string out = "\xEF\xBB\xBF";  // the BOM: Excel then reads it as UTF-8
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv::cell(cells[i]);
    out += "\r\n";
  };
  line(t.header);
  for (const auto& r : t.rows) line(r);
  return out;
}

}  // namespace

Result<std::unique_ptr<Reader>> Reader::open(std::string data, Format f, Limits limits) {
  if (f == Format::kXlsx) return xlsx::read(std::move(data), limits);
  return std::unique_ptr<Reader>(std::make_unique<CsvReader>(std::move(data), limits));
}

Error too_many_rows(const Limits& l) {
  return Error::invalid("file",
                        "文件行数超过上限 " + std::to_string(l.max_rows) + " 行，请拆分后导入",
                        "The file has more than " + std::to_string(l.max_rows) +
                            " rows; split it and import the parts");
}
Error too_many_columns(const Limits& l) {
  return Error::invalid("file", "文件列数超过上限 " + std::to_string(l.max_columns) + " 列",
                        "The file has more than " + std::to_string(l.max_columns) + " columns");
}
Error cell_too_long(const Limits& l) {
  return Error::invalid(
      "file", "单元格内容超过上限 " + std::to_string(l.max_cell_bytes / 1024) + " KB",
      "A cell holds more than " + std::to_string(l.max_cell_bytes / 1024) + " KB");
}
Error too_large_unpacked(const Limits& l) {
  return Error::invalid(
      "file", "文件解压后超过上限 " + std::to_string(l.max_unzipped_bytes >> 20) + " MB",
      "The file unpacks to more than " + std::to_string(l.max_unzipped_bytes >> 20) + " MB");
}

Limits limits_of(const Config& c) {
  Limits l;
  l.max_unzipped_bytes = static_cast<std::uint64_t>(c.integer("tables.max_unzipped_mib")) << 20;
  l.max_cell_bytes = static_cast<std::size_t>(c.integer("tables.max_cell_kib")) * 1024;
  l.max_rows = static_cast<std::size_t>(c.integer("tables.max_rows"));
  l.max_columns = static_cast<std::size_t>(c.integer("tables.max_columns"));
  return l;
}

RowError bounded(RowError e) {
  e.column = text::clip(e.column, 200);
  e.zh = text::clip(e.zh, 200);
  e.en = text::clip(e.en, 200);
  return e;
}

Table error_table(const std::vector<RowError>& errors, bool en) {
  Table t{en ? "Errors" : "错误报告",
          en ? std::vector<std::string>{"Row", "Column", "Reason"}
             : std::vector<std::string>{"行", "列", "原因"},
          {},
          {true, false, false},
          {8, 16, 60}};
  for (const auto& raw : errors) {
    RowError e = bounded(raw);
    t.rows.push_back({std::to_string(e.row), e.column, en ? e.en : e.zh});
  }
  return t;
}

Result<std::string> render(const std::vector<Table>& tables, Format f) {
  if (f == Format::kXlsx) return xlsx::write(tables);
  return tables.empty() ? std::string() : to_csv(tables.front());
}

}  // namespace gridgov::table
