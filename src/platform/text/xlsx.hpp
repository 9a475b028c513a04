#pragma once
// Excel workbooks (Office Open XML): written with libxlsxwriter, read by
// unzipping part by part (minizip) into a streaming XML parser (expat), a row
// at a time, within table::Limits.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/text/table.hpp"

namespace gridgov::xlsx {

Result<std::string> write(const std::vector<table::Table>& sheets);

// The first worksheet of a workbook (shared and inline strings, numbers,
// booleans; formulas by their cached value). Large integers that Excel stores
// as 1.38E+10 come back as digits.
Result<std::unique_ptr<table::Reader>> read(std::string data, const table::Limits& limits);

}  // namespace gridgov::xlsx
