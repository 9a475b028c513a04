#include "platform/db/database.hpp"

#include <poll.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <future>

#include "platform/core/clock.hpp"
#include "platform/core/metrics.hpp"
#include "platform/db/pg_url.hpp"
#include "platform/log/log.hpp"

namespace gridgov {

namespace {
metrics::Histogram& read_hist() {
  static auto& h = metrics::global().histogram("gridgov_db_read_seconds",
                                               "Time a reader connection was held per request",
                                               metrics::latency_buckets());
  return h;
}
metrics::Histogram& commit_hist() {
  static auto& h = metrics::global().histogram("gridgov_db_commit_seconds",
                                               "Time to run and commit one write batch",
                                               metrics::latency_buckets());
  return h;
}
metrics::Histogram& batch_hist() {
  static auto& h = metrics::global().histogram(
      "gridgov_db_batch_size", "Writes committed per group commit", metrics::size_buckets());
  return h;
}
metrics::Histogram& wait_hist() {
  static auto& h = metrics::global().histogram("gridgov_db_write_wait_seconds",
                                               "Time from queueing a write to its commit",
                                               metrics::latency_buckets());
  return h;
}
metrics::Counter& failed_writes() {
  static auto& c = metrics::global().counter("gridgov_db_write_failures_total",
                                             "Writes rolled back (their own error or the batch's)");
  return c;
}
}  // namespace

struct Database::Item {
  WriteFn fn;
  std::promise<Status> done;
  std::chrono::steady_clock::time_point queued = std::chrono::steady_clock::now();
};

Error db_error(const std::exception& e) {
  std::string what = e.what();
  if (what.find("UNIQUE constraint") != std::string::npos ||
      what.find("duplicate key") != std::string::npos) {
    return Error::conflict("记录已存在（唯一性冲突）", "The record already exists");
  }
  log::error("db.error", {{"what", what}});
  return Error::internal();
}

namespace {
// Process-wide SQLite settings, before its first connection: each connection
// is used by one thread at a time (our pools guarantee it), so SQLite's own
// per-connection mutexes and its global allocation statistics (a global mutex
// on every malloc) are pure contention.
void configure_sqlite_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}
}  // namespace

Result<std::unique_ptr<Database>> Database::open(const DbOptions& options) {
  configure_sqlite_library();
  std::unique_ptr<Database> db(new Database());
  db->options_ = options;
  const std::string& url = options.url;
  try {
    if (url.rfind("sqlite:", 0) == 0) {
      db->backend_ = Backend::kSqlite;
      db->sqlite_path_ = url.substr(7);
      auto parent = std::filesystem::path(db->sqlite_path_).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent);
      db->connect_string_ = "db=" + db->sqlite_path_;
      db->writer_session_ =
          std::make_unique<soci::session>(*soci::factory_sqlite3(), db->connect_string_);
    } else {
      db->backend_ = Backend::kPostgres;
      auto conninfo = pg_conninfo(url);
      if (!conninfo) return conninfo.error();
      db->connect_string_ = *conninfo;
      db->writer_session_ =
          std::make_unique<soci::session>(*soci::factory_postgresql(), db->connect_string_);
    }
    db->configure(*db->writer_session_, false);
    for (int i = 0; i < std::max(1, options.readers); ++i) {
      auto s =
          db->backend_ == Backend::kSqlite
              ? std::make_unique<soci::session>(*soci::factory_sqlite3(), db->connect_string_)
              : std::make_unique<soci::session>(*soci::factory_postgresql(), db->connect_string_);
      db->configure(*s, true);
      db->free_readers_.push_back(s.get());
      db->readers_.push_back(std::move(s));
    }
  } catch (const std::exception& e) {
    return Error::unavailable("无法连接数据库: " + std::string(e.what()),
                              "Cannot open the database: " + std::string(e.what()));
  }
  db->writer_ = std::thread([raw = db.get()] { raw->writer_loop(); });
  return db;
}

void Database::configure(soci::session& s, bool reader) {
  if (backend_ == Backend::kSqlite) {
    s << "PRAGMA busy_timeout = " + std::to_string(options_.busy_timeout_ms);
    if (!reader) {
      // WAL: readers never block the writer and the writer never blocks readers.
      std::string mode;
      s << "PRAGMA journal_mode = WAL", soci::into(mode);
      s << "PRAGMA synchronous = " + options_.sqlite_synchronous;
    }
    // The default cache is 2 MB: far too small once cases number in millions and
    // each insert touches a dozen index pages spread over the file.
    long long cache_kib =
        static_cast<long long>(options_.sqlite_cache_mib) * (reader ? 1 : 4) * 1024;
    s << "PRAGMA cache_size = -" + std::to_string(cache_kib);
    // Readers map the file instead of copying each page out of the OS cache.
    if (reader && options_.sqlite_mmap_mib > 0)
      s << "PRAGMA mmap_size = " + std::to_string(options_.sqlite_mmap_mib * 1048576LL);
    s << "PRAGMA foreign_keys = ON";
    // Tree paths are digits and slashes: a case-sensitive LIKE means the same
    // and lets `path LIKE '/1/7/%'` use an index instead of scanning the table.
    s << "PRAGMA case_sensitive_like = ON";
    if (reader) s << "PRAGMA query_only = 1";
  } else {
    s << "SET statement_timeout = " + std::to_string(options_.statement_timeout_ms);
    s << "SET TIME ZONE 'UTC'";
    if (reader) s << "SET default_transaction_read_only = on";
  }
}

namespace {
// True when an idle PostgreSQL connection has been closed by its server (a
// restart or failover): an idle socket that has anything to read holds the
// server's goodbye, and reading it to the end marks the connection bad. One
// non-blocking poll when nothing happened, so it is cheap enough per lease.
// Only for a PostgreSQL session (the library exports no type info to check it).
bool closed_while_idle(soci::session& s) {
  auto* be = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  // No connection at all: an earlier reconnect failed while the server was down.
  if (!be || !be->conn_) return true;
  PGconn* conn = be->conn_;
  if (PQstatus(conn) == CONNECTION_BAD) return true;
  for (int i = 0; i < 4; ++i) {
    pollfd p{PQsocket(conn), POLLIN, 0};
    if (p.fd < 0) return true;
    if (::poll(&p, 1, 0) <= 0) break;
    if (!PQconsumeInput(conn)) break;
  }
  return PQstatus(conn) == CONNECTION_BAD;
}
}  // namespace

void Database::reconnect(soci::session& s, bool reader) {
  log::warn("db.reconnect", {{"reader", reader}});
  try {
    s.reconnect();
    configure(s, reader);
  } catch (const std::exception& e) {
    // Still down: the next unit of work on this connection tries again.
    log::error("db.reconnect_failed", {{"what", e.what()}, {"reader", reader}});
  }
}

Database::~Database() {
  stop_writer();
}

Database::Lease::Lease(Database& db, soci::session* s)
    : db_(db), s_(s), start_(std::chrono::steady_clock::now()) {}

Database::Lease::~Lease() {
  read_hist().observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  db_.release(s_);
}

void Database::Lease::recover() {
  if (db_.backend_ != Backend::kPostgres || s_->is_connected()) return;
  db_.reconnect(*s_, true);
  throw DatabaseUnavailable("lost the database connection");
}

Database::Lease Database::lease_reader() {
  std::unique_lock lock(readers_mutex_);
  readers_cv_.wait(lock, [&] { return !free_readers_.empty(); });
  soci::session* s = free_readers_.back();
  free_readers_.pop_back();
  lock.unlock();
  // reconnect() catches what it raises: the session is never lost to the pool.
  if (backend_ == Backend::kPostgres && closed_while_idle(*s)) reconnect(*s, true);
  return Lease(*this, s);
}

void Database::release(soci::session* s) {
  {
    std::lock_guard lock(readers_mutex_);
    free_readers_.push_back(s);
  }
  readers_cv_.notify_one();
}

Status Database::write(WriteFn fn) {
  auto* item = new Item{std::move(fn), {}, std::chrono::steady_clock::now()};
  auto future = item->done.get_future();
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) {
      delete item;
      return Error::unavailable("服务正在停止，请稍后重试",
                                "The server is shutting down, retry later");
    }
    queue_.push_back(item);
  }
  queue_cv_.notify_one();
  return future.get();
}

void Database::set_event_sink(std::function<void(std::vector<DomainEvent>&)> sink) {
  std::lock_guard lock(queue_mutex_);
  sink_ = std::move(sink);
}

void Database::set_event_recorder(std::function<void(WriteTx&)> recorder) {
  std::lock_guard lock(queue_mutex_);
  recorder_ = std::move(recorder);
}

void Database::writer_loop() {
  std::vector<Item*> batch;
  for (;;) {
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty() && stopping_) break;
      // Take what has queued up while the previous batch was committing.
      while (!queue_.empty() && batch.size() < static_cast<std::size_t>(options_.max_batch)) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    arm_fault();
    commit_batch(batch);
    batch.clear();
  }
}

namespace {
// The savepoint around each write of a batch, prepared once.
struct Savepoints {
  soci::statement open, release, rollback;
  explicit Savepoints(soci::session& sql)
      : open(sql.prepare << "SAVEPOINT w"),
        release(sql.prepare << "RELEASE SAVEPOINT w"),
        rollback(sql.prepare << "ROLLBACK TO SAVEPOINT w") {}
};
}  // namespace

void Database::commit_batch(std::vector<Item*>& batch) {
  auto start = std::chrono::steady_clock::now();
  soci::session& sql = *writer_session_;
  std::vector<Status> results(batch.size());
  std::vector<DomainEvent> events;
  DeferredSet deferred;  // the batch's parts, from the writes that succeeded
  bool committed = false;
  std::function<void(WriteTx&)> recorder;
  {
    std::lock_guard lock(queue_mutex_);
    recorder = recorder_;
  }
  // Nothing of the batch has run yet: a connection the server closed while the
  // writer idled is replaced here instead of failing the batch's writes. Its
  // prepared statements belong to the old connection and go with it.
  if (backend_ == Backend::kPostgres && closed_while_idle(sql)) {
    writer_statements_.clear();
    reconnect(sql, false);
  }
  try {
    sql << (backend_ == Backend::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto& sp = writer_statements_.get<Savepoints>(sql);
      sp.open.execute(true);
      WriteTx tx(sql, backend_, writer_statements_);
      bool threw = false;
      try {
        results[i] = batch[i]->fn(tx);
        if (results[i].ok() && recorder && !tx.events().empty()) recorder(tx);
      } catch (const std::exception& e) {
        results[i] = db_error(e);
        threw = true;
      }
      if (results[i].ok()) {
        sp.release.execute(true);
        for (auto& e : tx.events()) events.push_back(std::move(e));
        for (auto& [type, part] : tx.deferred_parts()) {
          auto& slot = deferred[type];
          if (slot)
            part->merge_into(*slot);
          else
            slot = std::move(part);
        }
      } else {
        sp.rollback.execute(true);
        sp.release.execute(true);
      }
      // A statement that failed mid-way is not trusted again: prepare afresh.
      if (threw) writer_statements_.clear();
    }
    if (!deferred.empty()) {
      // A failure here fails the whole batch: its writes are then not saved.
      WriteTx tx(sql, backend_, writer_statements_);
      for (auto& [type, part] : deferred) part->flush(tx);
    }
    sql << "COMMIT";
    committed = true;
  } catch (const std::exception& e) {
    log::error("db.batch_failed", {{"what", e.what()}, {"size", batch.size()}});
    try {
      sql << "ROLLBACK";
    } catch (...) {
    }
    writer_statements_.clear();
    if (backend_ == Backend::kPostgres) reconnect(sql, false);
  }
  auto end = std::chrono::steady_clock::now();
  commit_hist().observe(std::chrono::duration<double>(end - start).count());
  batch_hist().observe(static_cast<double>(batch.size()));
  if (committed && !events.empty()) {
    std::function<void(std::vector<DomainEvent>&)> sink;
    {
      std::lock_guard lock(queue_mutex_);
      sink = sink_;
    }
    if (sink) sink(events);
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Status st = committed ? results[i]
                          : Status(Error::unavailable("数据库暂时不可用，写入未保存",
                                                      "Database unavailable; nothing was saved"));
    if (!st.ok()) failed_writes().inc();
    wait_hist().observe(std::chrono::duration<double>(end - batch[i]->queued).count());
    batch[i]->done.set_value(std::move(st));
    delete batch[i];
  }
}

void Database::stop_writer() {
  {
    std::lock_guard lock(queue_mutex_);
    if (stopped_) return;
    stopping_ = true;
    stopped_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

std::string Database::dialect(std::string statement) const {
  // In SQLite only "INTEGER PRIMARY KEY" makes the id the table's rowid (64-bit
  // there). Any other spelling adds a hidden rowid and a second index on id:
  // one more b-tree for every insert and two searches for every lookup by id.
  if (backend_ == Backend::kSqlite) {
    static const std::string from = " BIGINT PRIMARY KEY", to = " INTEGER PRIMARY KEY";
    for (auto at = statement.find(from); at != std::string::npos; at = statement.find(from, at))
      statement.replace(at, from.size(), to);
  }
  return statement;
}

Result<int> Database::migrate(const std::vector<Migration>& migrations) {
  // Runs before or beside the writer thread: serialise through the writer.
  int applied = 0;
  Status first = write([&](WriteTx& tx) -> Status {
    tx.sql << "CREATE TABLE IF NOT EXISTS schema_migrations ("
              "feature TEXT NOT NULL, number INTEGER NOT NULL, name TEXT NOT NULL, "
              "applied_at BIGINT NOT NULL, PRIMARY KEY (feature, number))";
    return {};
  });
  if (!first) return first.error();
  for (const auto& m : migrations) {
    Status st = write([&](WriteTx& tx) -> Status {
      if (backend_ == Backend::kPostgres) {
        tx.sql << "SELECT pg_advisory_xact_lock(4242)";
      }
      int count = 0;
      tx.sql << "SELECT COUNT(*) FROM schema_migrations WHERE feature = :f AND number = :n",
          soci::use(m.feature), soci::use(m.number), soci::into(count);
      if (count > 0) return {};
      const auto& statements =
          (backend_ == Backend::kPostgres && !m.pg_sql.empty()) ? m.pg_sql : m.sql;
      for (const auto& s : statements) tx.sql << dialect(s);
      long long now = wall_now_ms();
      tx.sql << "INSERT INTO schema_migrations (feature, number, name, applied_at) "
                "VALUES (:f, :n, :name, :t)",
          soci::use(m.feature), soci::use(m.number), soci::use(m.name), soci::use(now);
      ++applied;
      log::info("db.migrated", {{"feature", m.feature}, {"number", m.number}, {"name", m.name}});
      return {};
    });
    if (!st) return st.error();
  }
  return applied;
}

}  // namespace gridgov
