// Uploaded tables: the bytes read as CSV and as xlsx under small limits, every
// row taken until the end or a refusal. Bounded memory: the limits hold.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "platform/text/table.hpp"

using namespace gridgov;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  table::Limits limits{
      .max_unzipped_bytes = 8u << 20, .max_cell_bytes = 4096, .max_rows = 10000, .max_columns = 64};
  for (auto format : {table::Format::kCsv, table::Format::kXlsx}) {
    auto reader =
        table::Reader::open(std::string(reinterpret_cast<const char*>(data), size), format, limits);
    if (!reader) continue;
    std::vector<std::string> cells;
    std::size_t rows = 0;
    while ((*reader)->next(cells)) {
      if (++rows > limits.max_rows || cells.size() > limits.max_columns) __builtin_trap();
      for (const auto& c : cells)
        if (c.size() > limits.max_cell_bytes) __builtin_trap();
    }
    (void)(*reader)->status();
  }
  return 0;
}
