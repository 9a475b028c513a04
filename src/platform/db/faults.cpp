// Failing the writer on purpose (Database::inject_fault), with SQLite's own
// hooks on the real connection: the trace hook counts the statements the
// writer starts, the progress hook interrupts the chosen one while it runs
// (as a full disk or a lost lock would), the commit hook turns a COMMIT into a
// ROLLBACK. Nothing is mocked: the code under test sees SQLite's real errors.
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>  // SQLite's API, in namespace sqlite_api

#include "platform/db/database.hpp"

namespace gridgov {
using namespace sqlite_api;

struct Database::FaultState {
  int remaining = 0;  // statements still to start before the one that fails
  bool interrupt = false;
  bool fail_commit = false;
  bool done() const { return remaining == 0 && !interrupt && !fail_commit; }
};

namespace {
sqlite3* handle(soci::session& s) {
  return static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
}

int on_trace(unsigned kind, void* ctx, void*, void* sql) {
  auto* f = static_cast<Database::FaultState*>(ctx);
  // Trigger programs are reported as comments ("-- TRIGGER …"): not statements of ours.
  const char* text = static_cast<const char*>(sql);
  if (kind == SQLITE_TRACE_STMT && f->remaining > 0 && !(text && text[0] == '-' && text[1] == '-'))
    f->interrupt = --f->remaining == 0;
  return 0;
}

int on_progress(void* ctx) {
  auto* f = static_cast<Database::FaultState*>(ctx);
  if (!f->interrupt) return 0;
  f->interrupt = false;
  return 1;  // SQLITE_INTERRUPT for the running statement
}

int on_commit(void* ctx) {
  auto* f = static_cast<Database::FaultState*>(ctx);
  if (!f->fail_commit) return 0;
  f->fail_commit = false;
  return 1;  // the COMMIT becomes a ROLLBACK
}
}  // namespace

Status Database::inject_fault(Fault fault) {
  if (backend_ != Backend::kSqlite)
    return Error::unavailable("仅 SQLite 支持故障注入", "Fault injection needs SQLite");
  std::lock_guard lock(queue_mutex_);
  pending_fault_ = fault;
  return {};
}

void Database::arm_fault() {
  std::optional<Fault> fault;
  {
    std::lock_guard lock(queue_mutex_);
    fault.swap(pending_fault_);
  }
  sqlite3* db = backend_ == Backend::kSqlite ? handle(*writer_session_) : nullptr;
  if (!db) return;
  if (fault_state_ && fault_state_->done() && !fault) {
    // The last fault has happened: take the hooks off again.
    sqlite3_trace_v2(db, 0, nullptr, nullptr);
    sqlite3_progress_handler(db, 0, nullptr, nullptr);
    sqlite3_commit_hook(db, nullptr, nullptr);
    fault_state_.reset();
    return;
  }
  if (!fault) return;
  fault_state_ = std::make_shared<FaultState>();
  fault_state_->remaining = fault->fail_statement;
  fault_state_->fail_commit = fault->fail_commit;
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, on_trace, fault_state_.get());
  sqlite3_progress_handler(db, 1, on_progress, fault_state_.get());
  sqlite3_commit_hook(db, on_commit, fault_state_.get());
}

}  // namespace gridgov
