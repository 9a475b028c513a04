#pragma once
// The database: one writer connection that commits queued writes in groups
// (one transaction per batch, a savepoint per write), and a pool of reader
// connections. Same API over SQLite (WAL) and PostgreSQL, chosen by URL.
//
// Threading: read() and write() block the calling thread; call them from the
// handler pool, never from an I/O thread. Both are safe from any thread.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "platform/core/error.hpp"

namespace soci {
class session;
}

namespace gridgov {

enum class Backend { kSqlite, kPostgres };

struct DbOptions {
  std::string url;  // "sqlite:PATH" or "postgresql://..."
  int readers = 8;
  int busy_timeout_ms = 5000;
  std::string sqlite_synchronous = "FULL";
  int sqlite_cache_mib = 64;  // per reader; the writer, whose inserts touch every index, gets 4×
  // Readers may map the file; off by default: while the file grows under
  // writes SQLite remaps it again and again (measured slower for intake).
  int sqlite_mmap_mib = 0;
  int max_batch = 1024;
  int statement_timeout_ms = 15000;
};

// Something that happened, published to in-process subscribers after commit.
struct DomainEvent {
  std::string topic;                      // e.g. "node.created"
  std::string node_path;                  // where in the tree it happened (for scope filtering)
  std::string json;                       // payload
  std::string read_action = "node.read";  // who may see it: this action at node_path
};

// Handed to a write function: the writer's session inside the batch
// transaction, and a place to put events that go out only if it commits.
// Statements kept prepared on the writer's connection across writes, for the
// hot paths (intake, audit): SOCI otherwise parses and plans every statement
// anew. A type T is built once per connection from the session and binds its
// own members by reference; callers fill the members and execute.
class StatementCache {
 public:
  template <class T>
  T& get(soci::session& sql) {
    auto& slot = items_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<T>(sql);
    return *static_cast<T*>(slot.get());
  }
  void clear() { items_.clear(); }

 private:
  std::unordered_map<std::type_index, std::shared_ptr<void>> items_;
};

class WriteTx;

// Work a write leaves for the end of its batch: what many writes add to the same
// rows (the daily sums of cases) is added up in memory and written once per
// batch, not once per write. A write's part joins the batch's when its
// savepoint is released and is dropped when it rolls back; the batch's is
// flushed just before COMMIT, so it commits with the writes or not at all.
// Reads inside the batch do not see it.
class Deferred {
 public:
  virtual ~Deferred() = default;
  // Adds this write's part to the batch's (`batch` has this object's type).
  virtual void merge_into(Deferred& batch) = 0;
  virtual void flush(WriteTx& tx) = 0;
};
using DeferredSet = std::unordered_map<std::type_index, std::unique_ptr<Deferred>>;

class WriteTx {
 public:
  WriteTx(soci::session& sql, Backend backend, StatementCache& cache)
      : sql(sql), backend(backend), cache_(cache) {}
  soci::session& sql;
  const Backend backend;
  void emit(DomainEvent event) { events_.push_back(std::move(event)); }
  std::vector<DomainEvent>& events() { return events_; }
  // The writer connection's prepared instance of T (see StatementCache).
  template <class T>
  T& prepared() {
    return cache_.get<T>(sql);
  }
  // This write's part of T (a Deferred), created on first use.
  template <class T>
  T& deferred() {
    auto& slot = deferred_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_unique<T>();
    return static_cast<T&>(*slot);
  }
  DeferredSet& deferred_parts() { return deferred_; }

 private:
  StatementCache& cache_;
  std::vector<DomainEvent> events_;
  DeferredSet deferred_;
};

// A write: runs inside the batch; returning an error (or throwing) undoes
// exactly this write (its savepoint) and leaves the rest of the batch alone.
using WriteFn = std::function<Status(WriteTx&)>;

struct Migration {
  std::string feature;
  int number = 0;
  std::string name;
  std::vector<std::string> sql;     // statements for both backends...
  std::vector<std::string> pg_sql;  // ...unless PostgreSQL needs its own
};

// Thrown by Database::read when its connection to the server was lost (PostgreSQL
// restarted, the network dropped): the connection is made again for the next read,
// and the pipeline answers this request 503 so the client retries.
struct DatabaseUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Database {
 public:
  // Opens the connections and starts the writer. Fails with kUnavailable when
  // the database cannot be reached.
  static Result<std::unique_ptr<Database>> open(const DbOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return backend_; }
  const std::string& sqlite_path() const { return sqlite_path_; }

  // A reader connection held for one scope.
  class Lease {
   public:
    Lease(Database& db, soci::session* s);
    ~Lease();
    Lease(const Lease&) = delete;
    soci::session& operator*() const { return *s_; }
    // After a read threw: when the connection is gone, connects again and throws
    // DatabaseUnavailable; otherwise returns (the caller rethrows the original).
    void recover();

   private:
    Database& db_;
    soci::session* s_;
    std::chrono::steady_clock::time_point start_;
  };
  Lease lease_reader();

  // Runs fn(session) on a reader connection and returns what it returns.
  template <class F>
  auto read(F&& fn) {
    Lease lease = lease_reader();
    try {
      return fn(*lease);
    } catch (...) {
      lease.recover();
      throw;
    }
  }

  // Queues fn for the writer and blocks until its batch has committed
  // (durably) or failed. Success means the write is on disk.
  Status write(WriteFn fn);

  // Receives the events of each committed batch, on the writer thread.
  void set_event_sink(std::function<void(std::vector<DomainEvent>&)> sink);
  // Runs inside each write that emitted events, after it succeeded and before
  // its savepoint is released: rows it writes (an outbox of deliveries) commit
  // with the write or not at all; throwing undoes the write.
  void set_event_recorder(std::function<void(WriteTx&)> recorder);

  // Applies the migrations not yet recorded, in order, each in its own
  // transaction. Returns how many were applied.
  Result<int> migrate(const std::vector<Migration>& migrations);

  // Commits what is queued, then stops the writer; later writes fail with 503.
  void stop_writer();

  // For tests: the writer fails on purpose once, from its next batch on, so a test
  // can show that a write failing at any point leaves nothing behind. Either the
  // Nth statement the writer runs (1 = the batch's BEGIN; every statement of every
  // write, savepoints and COMMIT included) is interrupted, or the COMMIT is turned
  // into a ROLLBACK. SQLite only: elsewhere kUnavailable.
  struct Fault {
    int fail_statement = 0;
    bool fail_commit = false;
  };
  Status inject_fault(Fault fault);
  struct FaultState;  // what the hooks count (faults.cpp)

  // Consistent copy of a SQLite database while it is in use.
  static Status backup_sqlite(const std::string& source, const std::string& target,
                              const std::function<void(int remaining, int total)>& progress);

 private:
  Database() = default;
  struct Item;
  void writer_loop();
  void commit_batch(std::vector<Item*>& batch);
  void configure(soci::session& s, bool reader);
  // PostgreSQL: connects s again (logged; a failure is left to the next use).
  void reconnect(soci::session& s, bool reader);
  // A migration statement in this backend's spelling.
  std::string dialect(std::string statement) const;
  void release(soci::session* s);
  // On the writer thread, before a batch: installs a pending Fault (faults.cpp).
  void arm_fault();

  Backend backend_ = Backend::kSqlite;
  DbOptions options_;
  std::string sqlite_path_;
  std::string connect_string_;

  std::unique_ptr<soci::session> writer_session_;
  StatementCache writer_statements_;  // only the writer thread touches it
  std::vector<std::unique_ptr<soci::session>> readers_;
  std::vector<soci::session*> free_readers_;
  std::mutex readers_mutex_;
  std::condition_variable readers_cv_;

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Item*> queue_;
  bool stopping_ = false;
  bool stopped_ = false;
  std::thread writer_;
  std::function<void(std::vector<DomainEvent>&)> sink_;
  std::function<void(WriteTx&)> recorder_;
  std::optional<Fault> pending_fault_;       // guarded by queue_mutex_
  std::shared_ptr<FaultState> fault_state_;  // the writer thread's
};

// Maps a database exception to an Error: unique violations become conflicts.
Error db_error(const std::exception& e);

}  // namespace gridgov
