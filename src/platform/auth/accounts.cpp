#include "platform/auth/accounts.hpp"

#include <soci/soci.h>

#include "platform/auth/rbac.hpp"
#include "platform/db/row_map.hpp"
#include "platform/text/text.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::accounts {

std::vector<Migration> migrations() {
  return {{"accounts",
           1,
           "accounts, grants, sessions",
           {"CREATE TABLE accounts ("
            " id BIGINT PRIMARY KEY,"
            " username TEXT NOT NULL UNIQUE,"
            " display_name TEXT NOT NULL,"
            " password_hash TEXT NOT NULL,"
            " disabled INTEGER NOT NULL DEFAULT 0,"
            " failed_logins INTEGER NOT NULL DEFAULT 0,"
            " locked_until BIGINT NOT NULL DEFAULT 0,"
            " password_changed_at BIGINT NOT NULL,"
            " created_at BIGINT NOT NULL,"
            " updated_at BIGINT NOT NULL,"
            " version INTEGER NOT NULL DEFAULT 1)",
            "CREATE TABLE role_grants ("
            " id BIGINT PRIMARY KEY,"
            " account_id BIGINT NOT NULL REFERENCES accounts(id),"
            " role TEXT NOT NULL,"
            " node_id BIGINT NOT NULL REFERENCES nodes(id),"
            " district_code TEXT NOT NULL,"
            " granted_by BIGINT NOT NULL,"
            " granted_at BIGINT NOT NULL,"
            " revoked_by BIGINT,"
            " revoked_at BIGINT)",
            "CREATE INDEX grants_account ON role_grants (account_id)",
            "CREATE INDEX grants_node ON role_grants (node_id)",
            "CREATE TABLE sessions ("
            " id BIGINT PRIMARY KEY,"
            " token_hash TEXT NOT NULL UNIQUE,"
            " account_id BIGINT NOT NULL REFERENCES accounts(id),"
            " created_at BIGINT NOT NULL,"
            " last_seen_at BIGINT NOT NULL,"
            " expires_at BIGINT NOT NULL,"
            " ip TEXT NOT NULL,"
            " user_agent TEXT NOT NULL,"
            " revoked_at BIGINT)",
            "CREATE INDEX sessions_account ON sessions (account_id)"},
           {}}};
}

Status validate_username(const std::string& u) {
  bool ok = u.size() >= 3 && u.size() <= 64;
  for (char c : u) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                c == '-' || c == '@');
  }
  if (ok) return {};
  return Error::invalid("username", "用户名须为 3–64 位小写字母、数字或 _ . - @",
                        "The username must be 3–64 of lower-case letters, digits, _ . - @");
}

Status validate_display_name(const std::string& n) {
  std::size_t len = text::valid_utf8(n) ? text::length(n) : 0;
  if (len == 0 || len > 64 || text::has_control(n)) {
    return Error::invalid("display_name", "姓名须为 1–64 个字符",
                          "The display name must be 1–64 characters");
  }
  return {};
}

namespace {
const db::RowMap<Account>& account_map() {
  static const auto map = db::RowMap<Account>("accounts")
                              .col("id", &Account::id)
                              .col("username", &Account::username)
                              .col("display_name", &Account::display_name)
                              .col("password_hash", &Account::password_hash)
                              .col("disabled", &Account::disabled)
                              .col("failed_logins", &Account::failed_logins)
                              .col("locked_until", &Account::locked_until)
                              .col("created_at", &Account::created_at)
                              .col("version", &Account::version)
                              .col("password_changed_at", &Account::password_changed_at)
                              .col("updated_at", &Account::updated_at);
  return map;
}

// A grant with its node's path and name (joined as n.path, n.name).
const db::RowMap<GrantRow>& grant_map() {
  static const auto map = db::RowMap<GrantRow>("role_grants")
                              .col("id", &GrantRow::id)
                              .col("account_id", &GrantRow::account_id)
                              .col("role", &GrantRow::role)
                              .col("node_id", &GrantRow::node_id)
                              .joined("n.path", &GrantRow::node_path)
                              .joined("n.name", &GrantRow::node_name)
                              .col("granted_at", &GrantRow::granted_at)
                              .col("district_code", &GrantRow::district_code)
                              .col("granted_by", &GrantRow::granted_by);
  return map;
}

std::optional<Account> one_account(soci::session& sql, const std::string& where,
                                   const std::function<void(soci::statement&)>& bind) {
  return db::read_row(account_map(), sql, "WHERE " + where, bind);
}
}  // namespace

std::optional<Account> by_username(soci::session& sql, const std::string& username) {
  return one_account(sql, "username = :u",
                     [&](soci::statement& st) { st.exchange(soci::use(username)); });
}

std::optional<Account> by_id(soci::session& sql, Id id) {
  return one_account(sql, "id = :id", [&](soci::statement& st) { st.exchange(soci::use(id)); });
}

std::vector<GrantRow> grants_of(soci::session& sql, Id account_id) {
  return db::read_joined(grant_map(), sql, "g.", "role_grants g JOIN nodes n ON n.id = g.node_id",
                         "WHERE g.account_id = :a AND g.revoked_at IS NULL ORDER BY g.id",
                         [&](soci::statement& st) { st.exchange(soci::use(account_id, "a")); });
}

std::vector<Account> list(soci::session& sql, const std::vector<std::string>& scopes,
                          bool everything, const std::string& query, const std::string& after,
                          int limit) {
  std::vector<Account> out;
  if (!everything && scopes.empty()) return out;
  std::string where = "username > :after";
  if (!query.empty())
    where += " AND (username LIKE :q ESCAPE '\\' OR display_name LIKE :q2 ESCAPE '\\')";
  if (!everything) {
    where +=
        " AND id IN (SELECT g.account_id FROM role_grants g JOIN nodes n ON n.id = g.node_id"
        " WHERE g.revoked_at IS NULL AND (";
    for (std::size_t i = 0; i < scopes.size(); ++i) {
      where += (i ? " OR " : "") + std::string("n.path LIKE :s") + std::to_string(i);
    }
    where += "))";
  }
  std::string like = "%" + text::like_escape(query) + "%";
  std::vector<std::string> patterns;
  for (const auto& s : scopes) patterns.push_back(s + "%");
  out = db::read_rows(account_map(), sql,
                      "WHERE " + where + " ORDER BY username LIMIT " + std::to_string(limit),
                      [&](soci::statement& st) {
                        st.exchange(soci::use(after, "after"));
                        if (!query.empty()) {
                          st.exchange(soci::use(like, "q"));
                          st.exchange(soci::use(like, "q2"));
                        }
                        if (!everything) {
                          for (std::size_t i = 0; i < patterns.size(); ++i)
                            st.exchange(soci::use(patterns[i], "s" + std::to_string(i)));
                        }
                      });
  for (auto& a : out) a.password_hash.clear();
  return out;
}

std::vector<Post> posts_under(soci::session& sql, const std::string& node_path, bool history,
                              int limit) {
  std::vector<Post> out;
  Post p;
  long long revoked = 0;
  soci::indicator revoked_ind;
  std::string pattern = node_path + "%";
  soci::statement st =
      (sql.prepare << "SELECT g.id, g.role, n.id, n.name, n.level, n.path, a.id, a.username,"
                      " a.display_name, g.granted_at, g.revoked_at FROM role_grants g"
                      " JOIN nodes n ON n.id = g.node_id JOIN accounts a ON a.id = g.account_id"
                      " WHERE n.path LIKE :p"
                   << (history ? "" : " AND g.revoked_at IS NULL")
                   << " ORDER BY n.path, g.granted_at LIMIT " << limit,
       soci::use(pattern), soci::into(p.grant_id), soci::into(p.role), soci::into(p.node_id),
       soci::into(p.node_name), soci::into(p.node_level), soci::into(p.node_path),
       soci::into(p.account_id), soci::into(p.username), soci::into(p.display_name),
       soci::into(p.granted_at), soci::into(revoked, revoked_ind));
  st.execute(false);
  while (st.fetch()) {
    p.revoked_at = revoked_ind == soci::i_ok ? revoked : 0;
    out.push_back(p);
  }
  return out;
}

int active_grants_at(soci::session& sql, Id node_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM role_grants WHERE node_id = :p AND revoked_at IS NULL",
      soci::use(node_id), soci::into(n);
  return n;
}

Result<Account> insert(WriteTx& tx, const std::string& username, const std::string& display_name,
                       const std::string& password_hash, Millis now) {
  int taken = 0;
  tx.sql << "SELECT COUNT(*) FROM accounts WHERE username = :u", soci::use(username),
      soci::into(taken);
  if (taken) {
    return Error::make(ErrorKind::kConflict, "username_taken", "用户名已存在: " + username,
                       "The username is taken: " + username, "username");
  }
  Account a;
  a.id = new_id();
  a.username = username;
  a.display_name = display_name;
  a.created_at = now;
  a.password_hash = password_hash;
  a.password_changed_at = a.updated_at = now;
  db::PreparedWrite<Account> ins(tx.sql, account_map(), account_map().insert_sql(), {});
  ins.row() = a;
  ins.execute();
  a.password_hash.clear();  // what the caller shows, never the hash
  return a;
}

Result<GrantRow> add_grant(WriteTx& tx, Id account_id, const std::string& role, Id node_id,
                           Id granted_by, Millis now) {
  if (!find_role(role)) {
    return Error::invalid("role", "未知的角色: " + role, "Unknown role: " + role);
  }
  auto node = tree::get(tx.sql, node_id);
  if (!node) return Error::invalid("node_id", "节点不存在", "No such node");
  int dup = 0;
  tx.sql << "SELECT COUNT(*) FROM role_grants WHERE account_id = :a AND role = :r AND node_id = :n"
            " AND revoked_at IS NULL",
      soci::use(account_id), soci::use(role), soci::use(node_id), soci::into(dup);
  if (dup)
    return Error::conflict("该账号已在此节点担任此角色",
                           "The account already holds this role here");
  GrantRow g{new_id(), account_id,          role,      node_id, node->path, node->name,
             now,      node->district_code, granted_by};
  db::PreparedWrite<GrantRow> ins(tx.sql, grant_map(), grant_map().insert_sql(), {});
  ins.row() = g;
  ins.execute();
  return g;
}

Status revoke_grant(WriteTx& tx, Id account_id, Id grant_id, Id revoked_by, Millis now) {
  soci::statement st =
      (tx.sql.prepare << "UPDATE role_grants SET revoked_at = :t, revoked_by = :b"
                         " WHERE id = :g AND account_id = :a AND revoked_at IS NULL",
       soci::use(now), soci::use(revoked_by), soci::use(grant_id), soci::use(account_id));
  st.execute(true);
  if (st.get_affected_rows() == 0) return Error::not_found("授权", "Grant");
  return {};
}

void set_disabled(WriteTx& tx, Id account_id, bool disabled, Millis now) {
  int d = disabled ? 1 : 0;
  tx.sql
      << "UPDATE accounts SET disabled = :d, updated_at = :t, version = version + 1 WHERE id = :id",
      soci::use(d), soci::use(now), soci::use(account_id);
}

void set_password(WriteTx& tx, Id account_id, const std::string& hash, Millis now) {
  tx.sql << "UPDATE accounts SET password_hash = :h, password_changed_at = :t, updated_at = :t2,"
            " failed_logins = 0, locked_until = 0, version = version + 1 WHERE id = :id",
      soci::use(hash), soci::use(now), soci::use(now), soci::use(account_id);
}

void record_failure(WriteTx& tx, Id account_id, int failures, Millis locked_until) {
  tx.sql << "UPDATE accounts SET failed_logins = :f, locked_until = :l WHERE id = :id",
      soci::use(failures), soci::use(locked_until), soci::use(account_id);
}

void record_success(WriteTx& tx, Id account_id) {
  tx.sql << "UPDATE accounts SET failed_logins = 0, locked_until = 0 WHERE id = :id",
      soci::use(account_id);
}

namespace {
const db::RowMap<SessionRow>& session_map() {
  static const auto map = db::RowMap<SessionRow>("sessions")
                              .col("id", &SessionRow::id)
                              .col("token_hash", &SessionRow::token_hash)
                              .col("account_id", &SessionRow::account_id)
                              .col("created_at", &SessionRow::created_at)
                              .col("last_seen_at", &SessionRow::last_seen_at)
                              .col("expires_at", &SessionRow::expires_at)
                              .col("ip", &SessionRow::ip)
                              .col("user_agent", &SessionRow::user_agent)
                              .col("revoked_at", &SessionRow::revoked_at);
  return map;
}
}  // namespace

std::optional<SessionRow> session_by_hash(soci::session& sql, const std::string& token_hash) {
  return db::read_row(session_map(), sql, "WHERE token_hash = :h",
                      [&](soci::statement& st) { st.exchange(soci::use(token_hash, "h")); });
}

void insert_session(WriteTx& tx, const SessionRow& s) {
  db::PreparedWrite<SessionRow> ins(tx.sql, session_map(), session_map().insert_sql(), {});
  ins.row() = s;
  // A header is the client's to send: kept only as valid UTF-8 (PostgreSQL refuses
  // anything else), 256 characters at most.
  ins.row().user_agent = text::valid_utf8(s.user_agent) ? text::clip(s.user_agent, 256) : "";
  ins.execute();
}

void touch_session(WriteTx& tx, Id session_id, Millis now) {
  tx.sql << "UPDATE sessions SET last_seen_at = :t WHERE id = :id AND revoked_at IS NULL",
      soci::use(now), soci::use(session_id);
}

void revoke_session(WriteTx& tx, Id session_id, Millis now) {
  tx.sql << "UPDATE sessions SET revoked_at = :t WHERE id = :id AND revoked_at IS NULL",
      soci::use(now), soci::use(session_id);
}

void revoke_sessions_of(WriteTx& tx, Id account_id, Id keep, Millis now) {
  tx.sql << "UPDATE sessions SET revoked_at = :t WHERE account_id = :a AND id <> :k"
            " AND revoked_at IS NULL",
      soci::use(now), soci::use(account_id), soci::use(keep);
}

}  // namespace gridgov::accounts
