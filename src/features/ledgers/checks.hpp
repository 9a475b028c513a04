#pragma once
// Each kind's check: reads every row, reports what is wrong by row and
// column, and returns what to write (nothing is written here).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "features/ledgers/kinds.hpp"
#include "features/ledgers/plan.hpp"

namespace gridgov::ledgers {

std::unique_ptr<Plan> check_buildings(Context& ctx, table::Reader& rows, const Header& header,
                                      Errors& errors, Progress& progress);
std::unique_ptr<Plan> check_houses(Context& ctx, table::Reader& rows, const Header& header,
                                   Errors& errors, Progress& progress);
std::unique_ptr<Plan> check_residents(Context& ctx, table::Reader& rows, const Header& header,
                                      Errors& errors, Progress& progress);

// Shared by the checks.
// The error as a row of the report, its field named as the file names the column.
void add_error(Errors& errors, int row, const Header& header, const Error& e);
// A choice given by its Chinese name or its id ("出租" or "rented"); "" when neither.
std::string choice(const std::vector<std::pair<std::string, std::string>>& list,
                   std::string_view v);
// 是/否, yes/no, true/false, 1/0.
std::optional<bool> yes_no(std::string_view v);
// Stops reading when a file has more rows than the setting allows.
bool too_many_rows(Context& ctx, int row, Errors& errors, Progress& progress);

// Runs `check(line, row)` on every data row, counting them and stopping at the
// row limit; a row's error is reported against its row and column.
template <class F>
void each_row(Context& ctx, table::Reader& rows, const Header& header, Errors& errors,
              Progress& progress, F check) {
  std::vector<std::string> row;
  while (rows.next(row)) {
    int line = rows.line();
    ++progress.checked;
    if (too_many_rows(ctx, line, errors, progress)) break;
    if (Status st = check(line, row); !st) add_error(errors, line, header, st.error());
  }
  // Reading stopped early (a limit passed, damaged bytes): that is the file's error too.
  if (Status st = rows.status(); !st)
    errors.push_back({rows.line() + 1, "", st.error().message_zh, st.error().message_en});
}

}  // namespace gridgov::ledgers
