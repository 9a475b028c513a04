#pragma once
// A ledger import's record and its run: queued → checking → rejected (with
// the error report) or writing → done; failed when the server stops or the
// database refuses. The rows and the `done` state commit together.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "features/ledgers/kinds.hpp"
#include "features/ledgers/plan.hpp"

namespace gridgov::ledgers {

struct Import {
  Id id = 0;
  std::string kind;
  Id node_id = 0;
  std::string node_path, district_code;
  Id account_id = 0;
  std::string username, file_name, format;
  std::string state = "queued";  // queued | checking | rejected | writing | done | failed
  long long rows_checked = 0, rows_written = 0, error_count = 0;
  std::string errors;  // JSON: [[row, column, zh, en], …], at most kMaxErrors
  std::string message_zh, message_en;
  Millis created_at = 0, finished_at = 0;
};

std::vector<Migration> migrations();
void insert(WriteTx& tx, const Import& im);
std::optional<Import> get(soci::session& sql, Id id);
std::vector<Import> list_under(soci::session& sql, const std::string& path, int limit);
// Imports a previous process left unfinished are marked failed (nothing of
// them was written: their rows commit only with `done`).
Status fail_unfinished(Services& svc);
// One import that will not finish (stopped before it ran, or it threw) marked failed.
Status fail_import(Services& svc, Id id);

// Checks and writes the file; the import's row follows each step. `progress`
// may be watched from other threads.
void run(Context& ctx, const Kind& kind, Import& im, std::string data, table::Format format,
         const Actor& actor, Progress& progress, const std::atomic<bool>& stopping);

// The errors as rows, for the report.
std::vector<table::RowError> errors_of(const Import& im);

// Live progress of the imports running in this process.
std::shared_ptr<Progress> watch(Id import_id);
void unwatch(Id import_id);
std::shared_ptr<Progress> progress_of(Id import_id);  // nullptr when not running here

}  // namespace gridgov::ledgers
