#pragma once
// Accounts, their role grants, and login sessions: the tables and their SQL.
#include <optional>
#include <string>
#include <vector>

#include "platform/auth/principal.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"

namespace gridgov::accounts {

struct Account {
  Id id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;
  bool disabled = false;
  int failed_logins = 0;
  Millis locked_until = 0;
  Millis created_at = 0;
  int version = 1;
  Millis password_changed_at = 0, updated_at = 0;
};

struct GrantRow {
  Id id = 0;
  Id account_id = 0;
  std::string role;
  Id node_id = 0;
  std::string node_path;
  std::string node_name;
  Millis granted_at = 0;
  std::string district_code;  // the node's, for partitioning
  Id granted_by = 0;
};

std::vector<Migration> migrations();

// Usernames: 3–64 of a–z, 0–9, '_', '.', '-', '@' (lower case).
Status validate_username(const std::string& username);
Status validate_display_name(const std::string& name);

std::optional<Account> by_username(soci::session& sql, const std::string& username);
std::optional<Account> by_id(soci::session& sql, Id id);
// Active grants of one account, with the node path each covers.
std::vector<GrantRow> grants_of(soci::session& sql, Id account_id);

// Accounts holding an active grant inside any of `scopes` (or, with an
// empty scope list meaning "everything", all accounts), by username.
std::vector<Account> list(soci::session& sql, const std::vector<std::string>& scopes,
                          bool everything, const std::string& query, const std::string& after,
                          int limit);

// A post: a grant with who holds it and when (for the organisation chart).
struct Post {
  Id grant_id = 0;
  std::string role;
  Id node_id = 0;
  std::string node_name, node_level, node_path;
  Id account_id = 0;
  std::string username, display_name;
  Millis granted_at = 0;
  Millis revoked_at = 0;  // 0 while held
};
// Posts at `node_path` and below, held now (and, with history, ended ones),
// ordered by node path then start.
std::vector<Post> posts_under(soci::session& sql, const std::string& node_path, bool history,
                              int limit);

// How many active grants sit at exactly this node (a node people hold posts at
// must not be retired).
int active_grants_at(soci::session& sql, Id node_id);

// Inserts; kConflict when the username is taken.
Result<Account> insert(WriteTx& tx, const std::string& username, const std::string& display_name,
                       const std::string& password_hash, Millis now);
Result<GrantRow> add_grant(WriteTx& tx, Id account_id, const std::string& role, Id node_id,
                           Id granted_by, Millis now);
Status revoke_grant(WriteTx& tx, Id account_id, Id grant_id, Id revoked_by, Millis now);
void set_disabled(WriteTx& tx, Id account_id, bool disabled, Millis now);
void set_password(WriteTx& tx, Id account_id, const std::string& hash, Millis now);
void record_failure(WriteTx& tx, Id account_id, int failures, Millis locked_until);
void record_success(WriteTx& tx, Id account_id);

// --- sessions ---
struct SessionRow {
  Id id = 0;
  std::string token_hash;  // the token itself is never stored
  Id account_id = 0;
  Millis created_at = 0;
  Millis last_seen_at = 0;
  Millis expires_at = 0;
  std::string ip, user_agent;  // where it signed in from (the agent: 256 characters)
  std::optional<Millis> revoked_at;
};
std::optional<SessionRow> session_by_hash(soci::session& sql, const std::string& token_hash);
void insert_session(WriteTx& tx, const SessionRow& s);
void touch_session(WriteTx& tx, Id session_id, Millis now);
void revoke_session(WriteTx& tx, Id session_id, Millis now);
// Ends every session of an account except `keep` (0 = all).
void revoke_sessions_of(WriteTx& tx, Id account_id, Id keep, Millis now);

}  // namespace gridgov::accounts
