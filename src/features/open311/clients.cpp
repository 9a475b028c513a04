#include "features/open311/clients.hpp"

#include <soci/soci.h>

#include <map>
#include <mutex>

#include "platform/auth/rate_limit.hpp"
#include "platform/core/secrets.hpp"
#include "platform/db/row_map.hpp"

namespace gridgov::open311 {

std::vector<Migration> client_migrations() {
  const char* table =
      "CREATE TABLE api_clients (id BIGINT PRIMARY KEY, name TEXT NOT NULL,"
      " node_id BIGINT NOT NULL, node_path TEXT NOT NULL, district_code TEXT NOT NULL,"
      " key_prefix TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, rate_per_minute INTEGER NOT NULL,"
      " created_at BIGINT NOT NULL, created_by BIGINT NOT NULL, revoked_at BIGINT NOT NULL DEFAULT "
      "0)";
  return {{"open311", 1, "API clients (keys per system)", {table}, {}}};
}

namespace {
const db::RowMap<Client>& client_map() {
  static const auto map = db::RowMap<Client>("api_clients")
                              .col("id", &Client::id)
                              .col("name", &Client::name)
                              .col("node_id", &Client::node_id)
                              .col("node_path", &Client::node_path)
                              .col("district_code", &Client::district_code)
                              .col("key_prefix", &Client::key_prefix)
                              .col("key_hash", &Client::key_hash)
                              .col("rate_per_minute", &Client::rate_per_minute)
                              .col("created_at", &Client::created_at)
                              .col("created_by", &Client::created_by)
                              .col("revoked_at", &Client::revoked_at);
  return map;
}
}  // namespace

std::string issue(WriteTx& tx, Client& c, Id by) {
  std::string key = "gg_" + secrets::random_token();
  c.id = new_id();
  c.key_prefix = key.substr(0, 10);
  c.key_hash = secrets::token_hash(key);
  c.created_by = by;
  c.revoked_at = 0;
  db::PreparedWrite<Client> ins(tx.sql, client_map(), client_map().insert_sql(), {});
  ins.row() = c;
  ins.execute();
  return key;
}

std::optional<Client> authenticate(soci::session& sql, const std::string& key) {
  if (key.size() < 10 || key.size() > 100) return std::nullopt;
  std::string hash = secrets::token_hash(key);
  return db::read_row(client_map(), sql, "WHERE key_hash = :h AND revoked_at = 0",
                      [&](soci::statement& st) { st.exchange(soci::use(hash, "h")); });
}

std::vector<Client> list(soci::session& sql) {
  return db::read_rows(client_map(), sql, "ORDER BY id", db::no_params);
}

std::optional<Client> get(soci::session& sql, Id id) {
  return db::read_row(client_map(), sql, "WHERE id = :id",
                      [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
}

void revoke(WriteTx& tx, Id id, Millis now) {
  tx.sql << "UPDATE api_clients SET revoked_at = :t WHERE id = :id AND revoked_at = 0",
      soci::use(now), soci::use(id);
}

bool within_rate(const Client& c, Millis now) {
  // One bucket per client, refilled at its own rate (per minute), bursting to a minute's worth.
  static std::mutex mutex;
  static std::map<Id, std::unique_ptr<RateLimiter>> limiters;
  std::lock_guard lock(mutex);
  auto& l = limiters[c.id];
  if (!l)
    l = std::make_unique<RateLimiter>(c.rate_per_minute / 60.0,
                                      static_cast<double>(std::max(1, c.rate_per_minute)));
  return l->allow(std::to_string(c.id), now);
}

Result<Client> use_key(Database& db, const Clock& clock, std::string_view key, const char* name) {
  const std::string n(name);
  if (key.empty())
    return Error::make(ErrorKind::kUnauthenticated, "api_key", "未提供 " + n,
                       n + " was not provided");
  auto c = db.read([&](soci::session& s) { return authenticate(s, std::string(key)); });
  if (!c)
    return Error::make(ErrorKind::kUnauthenticated, "api_key", n + " 无效或已吊销",
                       n + " is not valid (unknown or revoked)");
  if (!within_rate(*c, clock.now_ms())) {
    Error e =
        Error::make(ErrorKind::kTooManyRequests, "rate_limited", "请求过于频繁，请一分钟后重试",
                    "Too many requests for this " + n + "; retry in a minute");
    e.retry_after_s = 60;  // the key's budget is per minute
    return e;
  }
  return *c;
}

}  // namespace gridgov::open311
