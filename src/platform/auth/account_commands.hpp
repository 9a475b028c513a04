#pragma once
// The accounts' state changes as named commands, each run inside a write (its
// savepoint: an outcome other than success leaves nothing behind) and audited.
// The routes check the caller's right and the request's shape (and hash the
// password) first; after the write commits they drop the account's cached
// sessions and grants (sessions.forget_account), which also ends its live streams.
#include <optional>
#include <string>
#include <vector>

#include "platform/auth/accounts.hpp"
#include "platform/auth/audit.hpp"
#include "platform/db/database.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::accounts {

// A post to hold: a role at a node.
struct RoleAt {
  std::string role;
  tree::Node node;
};

// CreateAccount — a new account with its password hash and, when given, its
// first post. Audited as account.create at the post's node (the root without
// one). Outcomes: the account and its grants; kConflict username_taken;
// kConflict when the post is held already; kInvalid (role) for an unknown role.
struct Created {
  Account account;
  std::vector<GrantRow> grants;
};
Result<Created> create_account(WriteTx& tx, const Actor& actor, const std::string& username,
                               const std::string& display_name, const std::string& password_hash,
                               const std::optional<RoleAt>& post, Millis now);

// GrantRole — `account_id` takes a post. Audited as account.grant at its node.
// Outcomes: the grant; kConflict when the account holds it already; kInvalid (role).
Result<GrantRow> grant_role(WriteTx& tx, const Actor& actor, Id account_id, const RoleAt& post,
                            Millis now);

// RevokeRole — `account_id` leaves the post `grant` (kept, with who ended it and
// when). Audited as account.revoke. Outcomes: done; kNotFound when it was ended.
Status revoke_role(WriteTx& tx, const Actor& actor, Id account_id, const GrantRow& grant,
                   Millis now);

// DisableAccount / EnableAccount — `a` can (no longer) sign in; disabling ends
// every session. Audited as account.disable or account.enable at `where` (its
// first post's node). Always succeeds.
void set_account_disabled(WriteTx& tx, const Actor& actor, const Account& a, bool disabled,
                          const std::string& where, Millis now);

// ResetPassword — an administrator sets `a`'s password; every session ends.
// Audited as account.password_reset at `where`. Always succeeds.
void reset_password(WriteTx& tx, const Actor& actor, const Account& a, const std::string& hash,
                    const std::string& where, Millis now);

// ChangePassword — the account holder sets their own password (the old one
// checked by the route); their other sessions end, `keep_session` stays.
// Audited as account.password_change. Always succeeds.
void change_password(WriteTx& tx, const Actor& actor, const std::string& hash, Id keep_session,
                     Millis now);

}  // namespace gridgov::accounts
