// gridgov audit verify: the audit log's hash chains, checked row by row.
#include <cstdio>

#include "app/commands.hpp"
#include "platform/auth/audit.hpp"

namespace gridgov {

int cmd_audit_verify(Runtime& rt) {
  auto report = audit::verify(*rt.db);
  if (!report) {
    std::fprintf(stderr, "%s\n%s\n", report.error().message_zh.c_str(),
                 report.error().message_en.c_str());
    return 2;
  }
  if (report->broken_id) {
    std::printf(
        "审计日志校验失败：区划 %s 的第一条异常记录 id=%lld（%s）\n"
        "audit log broken: district %s, first bad row id=%lld: %s\n",
        report->broken_district.c_str(), static_cast<long long>(report->broken_id),
        report->why_zh.c_str(), report->broken_district.c_str(),
        static_cast<long long>(report->broken_id), report->why_en.c_str());
    return 1;
  }
  std::printf(
      "审计日志完整：%lld 条记录，%lld 条链（另有 %lld 条早于哈希链的记录）\n"
      "audit log whole: %lld rows in %lld chains (%lld written before the chain)\n",
      report->rows, report->chains, report->unchained, report->rows, report->chains,
      report->unchained);
  for (const auto& [district, hash] : report->heads)
    std::printf("  %s  %s\n", district.c_str(), hash.c_str());
  return 0;
}

}  // namespace gridgov
