#pragma once
// API clients (接入系统): each system that exchanges cases with us holds a key,
// scoped to a node (the places its requests may concern), rate-limited and
// revocable. Only the key's hash is stored; the key is shown once.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"

namespace gridgov::open311 {

struct Client {
  Id id = 0;
  std::string name;
  Id node_id = 0;
  std::string node_path, district_code;
  std::string key_prefix;  // the first characters, to recognise a key in a list
  std::string key_hash;    // the key's hash: the key itself is never stored
  int rate_per_minute = 60;
  Millis created_at = 0, revoked_at = 0;
  Id created_by = 0;  // the account that issued the key (0: the demo, the command line)
};

std::vector<Migration> client_migrations();
// A new key for `c` (filled in: id, prefix, hash, issuer) — returned once, never stored.
std::string issue(WriteTx& tx, Client& c, Id by);
std::optional<Client> authenticate(soci::session& sql, const std::string& key);
std::vector<Client> list(soci::session& sql);
std::optional<Client> get(soci::session& sql, Id id);
void revoke(WriteTx& tx, Id id, Millis now);

// Whether the client may make another request now (its per-minute budget).
bool within_rate(const Client& c, Millis now);

// The client behind a key sent with a request, counted against its rate:
// kUnauthenticated when the key is missing, unknown or revoked (`name` says
// how the caller sent it: "api_key", "X-Api-Key"), kTooManyRequests over its rate.
Result<Client> use_key(Database& db, const Clock& clock, std::string_view key, const char* name);

}  // namespace gridgov::open311
