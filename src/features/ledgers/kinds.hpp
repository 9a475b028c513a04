#pragma once
// The ledgers (台账) a community keeps in Excel and can load: buildings,
// houses, residents with their households. Each kind is its columns (Chinese
// header first, English accepted), how a row is checked and how the checked
// rows are written.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "features/ledgers/plan.hpp"
#include "platform/text/table.hpp"

namespace gridgov::ledgers {

struct Column {
  const char* field;  // the key the checks use
  const char* zh;     // the template's header
  const char* en;     // accepted as well
  bool required;
  const char* example;
  const char* note_zh;
  const char* note_en;
};

struct Kind {
  const char* id;  // buildings | houses | residents
  const char* zh;
  const char* en;
  const char* action;  // what the importer must hold at each row's place
  std::vector<Column> columns;
  CheckFn check;
};

const std::vector<Kind>& kinds();
const Kind* kind_named(std::string_view id);

// The template workbook: the ledger sheet (header and an example row) and
// the instructions (each column: required, what goes in, example).
std::vector<table::Table> template_tables(const Kind& kind, bool english);

// A file's header row matched to a kind's columns.
class Header {
 public:
  // Unknown, repeated and missing required columns are reported as row 1 errors.
  static Header match(const Kind& kind, const std::vector<std::string>& cells,
                      std::vector<table::RowError>& errors);
  // The row's cell for `field` ("" when the file has no such column or it is empty).
  std::string_view get(const std::vector<std::string>& row, std::string_view field) const;
  bool has(std::string_view field) const { return index_.contains(std::string(field)); }
  // The column as the file names it, for error reports.
  std::string name(std::string_view field) const;
  std::size_t size() const { return width_; }

 private:
  std::map<std::string, std::size_t> index_;
  std::map<std::string, std::string> names_;
  std::size_t width_ = 0;
};

}  // namespace gridgov::ledgers
