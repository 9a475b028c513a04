#include "features/ledgers/checks.hpp"

#include "features/ledgers/kinds.hpp"
#include "platform/config/config.hpp"

namespace gridgov::ledgers {

void add_error(Errors& errors, int row, const Header& header, const Error& e) {
  if (errors.size() >= kMaxErrors) return;
  errors.push_back({row, e.field.empty() ? "" : header.name(e.field), e.message_zh, e.message_en});
}

std::string choice(const std::vector<std::pair<std::string, std::string>>& list,
                   std::string_view v) {
  for (const auto& [id, zh] : list)
    if (v == id || v == zh) return id;
  return "";
}

std::optional<bool> yes_no(std::string_view v) {
  for (const char* y : {"是", "yes", "Yes", "YES", "true", "TRUE", "1", "Y", "y"})
    if (v == y) return true;
  for (const char* n : {"否", "no", "No", "NO", "false", "FALSE", "0", "N", "n", ""})
    if (v == n) return false;
  return std::nullopt;
}

bool too_many_rows(Context& ctx, int row, Errors& errors, Progress& progress) {
  long max = ctx.svc.config.integer("ledgers.max_rows");
  if (progress.checked.load() <= max) return false;
  errors.push_back({row, "", "一次最多导入 " + std::to_string(max) + " 行，请分批导入",
                    "At most " + std::to_string(max) + " rows at a time; split the file"});
  return true;
}

}  // namespace gridgov::ledgers
