#include "platform/text/table.hpp"

#include "platform/text/csv.hpp"
#include "platform/text/xlsx.hpp"

namespace gridgov::table {

std::optional<Format> format_of_type(std::string_view content_type) {
  if (content_type.starts_with("text/csv")) return Format::kCsv;
  if (content_type.starts_with(kXlsxType)) return Format::kXlsx;
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
  explicit CsvReader(std::string data) : data_(std::move(data)), reader_(data_) {}
  bool next(std::vector<std::string>& cells) override { return reader_.next(cells); }
  int line() const override { return reader_.line(); }

 private:
  std::string data_;
  csv::Reader reader_;  // reads data_ in place
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

Result<std::unique_ptr<Reader>> Reader::open(std::string data, Format f) {
  if (f == Format::kXlsx) return xlsx::read(std::move(data));
  return std::unique_ptr<Reader>(std::make_unique<CsvReader>(std::move(data)));
}

Table error_table(const std::vector<RowError>& errors, bool en) {
  Table t{en ? "Errors" : "错误报告",
          en ? std::vector<std::string>{"Row", "Column", "Reason"}
             : std::vector<std::string>{"行", "列", "原因"},
          {},
          {true, false, false},
          {8, 16, 60}};
  for (const auto& e : errors)
    t.rows.push_back({std::to_string(e.row), e.column, en ? e.en : e.zh});
  return t;
}

Result<std::string> render(const std::vector<Table>& tables, Format f) {
  if (f == Format::kXlsx) return xlsx::write(tables);
  return tables.empty() ? std::string() : to_csv(tables.front());
}

}  // namespace gridgov::table
