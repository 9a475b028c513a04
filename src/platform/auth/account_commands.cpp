#include "platform/auth/account_commands.hpp"

#include <boost/json.hpp>

namespace gridgov::accounts {
namespace json = boost::json;
using tree::kRootPath;

Result<Created> create_account(WriteTx& tx, const Actor& actor, const std::string& username,
                               const std::string& display_name, const std::string& password_hash,
                               const std::optional<RoleAt>& post, Millis now) {
  auto a = insert(tx, username, display_name, password_hash, now);
  if (!a) return a.error();
  Created out{*a, {}};
  std::string path = kRootPath, district = "000000";
  if (post) {
    auto g = add_grant(tx, a->id, post->role, post->node.id, actor.account_id, now);
    if (!g) return g.error();
    out.grants.push_back(*g);
    path = post->node.path;
    district = post->node.district_code;
  }
  audit::append(
      tx, actor,
      {"account.create", "account", id_to_string(a->id), path, district,
       json::serialize(json::object{{"username", username}, {"role", post ? post->role : ""}})},
      now);
  return out;
}

Result<GrantRow> grant_role(WriteTx& tx, const Actor& actor, Id account_id, const RoleAt& post,
                            Millis now) {
  auto g = add_grant(tx, account_id, post.role, post.node.id, actor.account_id, now);
  if (!g) return g.error();
  audit::append(
      tx, actor,
      {"account.grant", "account", id_to_string(account_id), post.node.path,
       post.node.district_code,
       json::serialize(json::object{{"role", post.role}, {"node_id", id_to_string(post.node.id)}})},
      now);
  return *g;
}

Status revoke_role(WriteTx& tx, const Actor& actor, Id account_id, const GrantRow& grant,
                   Millis now) {
  if (auto s = revoke_grant(tx, account_id, grant.id, actor.account_id, now); !s) return s;
  audit::append(
      tx, actor,
      {"account.revoke", "account", id_to_string(account_id), grant.node_path, "000000",
       json::serialize(json::object{{"role", grant.role}, {"grant_id", id_to_string(grant.id)}})},
      now);
  return {};
}

void set_account_disabled(WriteTx& tx, const Actor& actor, const Account& a, bool disabled,
                          const std::string& where, Millis now) {
  set_disabled(tx, a.id, disabled, now);
  if (disabled) revoke_sessions_of(tx, a.id, 0, now);
  audit::append(
      tx, actor,
      {disabled ? "account.disable" : "account.enable", "account", id_to_string(a.id), where}, now);
}

void reset_password(WriteTx& tx, const Actor& actor, const Account& a, const std::string& hash,
                    const std::string& where, Millis now) {
  set_password(tx, a.id, hash, now);
  revoke_sessions_of(tx, a.id, 0, now);
  audit::append(tx, actor, {"account.password_reset", "account", id_to_string(a.id), where}, now);
}

void change_password(WriteTx& tx, const Actor& actor, const std::string& hash, Id keep_session,
                     Millis now) {
  set_password(tx, actor.account_id, hash, now);
  revoke_sessions_of(tx, actor.account_id, keep_session, now);  // other devices log out
  audit::append(tx, actor, {"account.password_change", "account", id_to_string(actor.account_id)},
                now);
}

}  // namespace gridgov::accounts
