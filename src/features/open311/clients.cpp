#include "features/open311/clients.hpp"

#include <soci/soci.h>

#include <map>
#include <mutex>

#include "platform/auth/rate_limit.hpp"
#include "platform/core/secrets.hpp"
#include "platform/db/rows.hpp"

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
constexpr const char* kColumns =
    "id, name, node_id, node_path, district_code, key_prefix, rate_per_minute, created_at,"
    " revoked_at";

struct Row {
  Client c;
  void bind(soci::statement& st) {
    st.exchange(soci::into(c.id));
    st.exchange(soci::into(c.name));
    st.exchange(soci::into(c.node_id));
    st.exchange(soci::into(c.node_path));
    st.exchange(soci::into(c.district_code));
    st.exchange(soci::into(c.key_prefix));
    st.exchange(soci::into(c.rate_per_minute));
    st.exchange(soci::into(c.created_at));
    st.exchange(soci::into(c.revoked_at));
  }
  Client get() const { return c; }
};
}  // namespace

std::string issue(WriteTx& tx, Client& c, Id by) {
  std::string key = "gg_" + secrets::random_token();
  c.id = new_id();
  c.key_prefix = key.substr(0, 10);
  std::string hash = secrets::token_hash(key);
  tx.sql << "INSERT INTO api_clients (id, name, node_id, node_path, district_code, key_prefix,"
            " key_hash, rate_per_minute, created_at, created_by) VALUES (:id, :n, :node, :p, :d,"
            " :k, :h, :r, :t, :by)",
      soci::use(c.id), soci::use(c.name), soci::use(c.node_id), soci::use(c.node_path),
      soci::use(c.district_code), soci::use(c.key_prefix), soci::use(hash),
      soci::use(c.rate_per_minute), soci::use(c.created_at), soci::use(by);
  return key;
}

std::optional<Client> authenticate(soci::session& sql, const std::string& key) {
  if (key.size() < 10 || key.size() > 100) return std::nullopt;
  std::string hash = secrets::token_hash(key);
  return db::select_one<Row>(sql,
                             std::string("SELECT ") + kColumns +
                                 " FROM api_clients WHERE key_hash = :h AND revoked_at = 0",
                             [&](soci::statement& st) { st.exchange(soci::use(hash, "h")); });
}

std::vector<Client> list(soci::session& sql) {
  return db::select_rows<Row>(
      sql, std::string("SELECT ") + kColumns + " FROM api_clients ORDER BY id", db::no_params);
}

std::optional<Client> get(soci::session& sql, Id id) {
  return db::select_one<Row>(sql,
                             std::string("SELECT ") + kColumns + " FROM api_clients WHERE id = :id",
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
