#pragma once
// The audit log: append-only (the database refuses UPDATE and DELETE on it),
// one row per change and per reveal of personal data — who, what, which
// record, where in the tree, when, from which address, with which request.
// Each district's rows form a hash chain (row_hash), so a row changed or
// removed behind the database's back is found by `gridgov audit verify`.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"

namespace gridgov {
namespace http {
struct Request;
}

struct Actor {
  Id account_id = 0;  // 0 for the system itself (CLI, jobs)
  std::string username;
  std::string display_name;  // what people read in a case's history ("张书记")
  std::string ip;
  std::string request_id;
};
Actor actor_of(const http::Request& req);
// The name a case's history shows: the display name, else the username.
inline const std::string& shown(const Actor& a) {
  return a.display_name.empty() ? a.username : a.display_name;
}
Actor system_actor(const std::string& what);  // e.g. "cli"

struct AuditEntry {
  std::string action;  // "node.create", "account.disable", "person.reveal"
  std::string entity;  // "node", "account", ...
  std::string entity_id;
  std::string node_path;  // where the record sits; "/1/" when it has no place
  std::string district_code = "000000";
  std::string detail;  // JSON: what changed, the reason given for a reveal
};

struct AuditRow {
  Id id = 0;
  Millis at = 0;
  Actor actor;
  AuditEntry entry;
};

namespace audit {

std::vector<Migration> migrations();

// Appends inside the caller's write transaction, so the audit row commits
// with the change or not at all.
void append(WriteTx& tx, const Actor& actor, const AuditEntry& entry, Millis now);

struct Filter {
  std::vector<std::string> scopes;  // node paths the reader may see (empty = nothing)
  std::optional<Id> actor_id;
  std::string action;  // exact, or prefix ending in '.'
  std::string entity;
  std::string entity_id;
  std::optional<Millis> from, to;
  std::optional<Id> before_id;  // paging: rows older than this
  int limit = 50;
};
std::vector<AuditRow> query(soci::session& sql, const Filter& filter);

// The hash a row carries: SHA-256 over the previous row's hash (of its
// district) and every field of the row.
std::string row_hash(const std::string& prev, const AuditRow& row);

// Walks every district's chain from its first row. A row changed, removed or
// slipped in breaks it: the first such row is named.
struct ChainReport {
  long long rows = 0, unchained = 0, chains = 0;
  Id broken_id = 0;  // 0: every chain holds
  std::string broken_district, why_zh, why_en;
  std::map<std::string, std::string> heads;  // district → its last hash (when whole)
};
Result<ChainReport> verify(Database& db);
// Each district's last hash now: the anchor written out daily.
std::map<std::string, std::string> heads(soci::session& sql);

}  // namespace audit
}  // namespace gridgov
