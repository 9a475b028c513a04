// Kept apart from database.cpp: SOCI's SQLite header wraps sqlite3.h in a namespace.
#include <sqlite3.h>
#include <filesystem>

#include "platform/db/database.hpp"

namespace gridgov {

Status Database::backup_sqlite(const std::string& source, const std::string& target,
                               const std::function<void(int, int)>& progress) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  auto fail = [&](const std::string& what) -> Status {
    std::string msg = what + (dst ? std::string(": ") + sqlite3_errmsg(dst) : std::string());
    if (src) sqlite3_close(src);
    if (dst) sqlite3_close(dst);
    return Error::unavailable("备份失败: " + msg, "Backup failed: " + msg);
  };
  if (std::filesystem::exists(target)) {
    return Error::invalid("file", "目标文件已存在: " + target, "Target file exists: " + target);
  }
  if (sqlite3_open_v2(source.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    return fail("cannot open " + source);
  }
  sqlite3_busy_timeout(src, 5000);
  if (sqlite3_open(target.c_str(), &dst) != SQLITE_OK) return fail("cannot create " + target);
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) return fail("backup init");
  int rc;
  // Whole copy in one step holds one read snapshot: consistent, and in WAL
  // mode it does not block the server's writer.
  do {
    rc = sqlite3_backup_step(b, -1);
    if (progress) progress(sqlite3_backup_remaining(b), sqlite3_backup_pagecount(b));
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return fail("backup step");
  sqlite3_close(src);
  sqlite3_close(dst);
  return {};
}

}  // namespace gridgov
