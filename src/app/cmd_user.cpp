#include <soci/soci.h>
#include <iostream>

#include "app/commands.hpp"
#include "platform/auth/accounts.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/passwords.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov {
namespace {
int fail(const Error& e) {
  std::cerr << "错误: " << e.message_zh << "\nerror: " << e.message_en << "\n";
  return 2;
}

Result<std::string> read_password(const UserArgs& args) {
  std::string pw = args.password;
  if (args.password_stdin) std::getline(std::cin, pw);
  if (pw.empty()) {
    return Error::invalid("password", "请用 --password 或 --password-stdin 提供密码",
                          "Give a password with --password or --password-stdin");
  }
  return pw;
}
}  // namespace

int cmd_user_add(Runtime& rt, UserArgs args) {
  if (auto st = accounts::validate_username(args.username); !st) return fail(st.error());
  if (args.display_name.empty()) args.display_name = args.username;
  if (auto st = accounts::validate_display_name(args.display_name); !st) return fail(st.error());
  auto pw = read_password(args);
  if (!pw) return fail(pw.error());
  if (auto st = passwords::check_rules(
          *pw, args.username, static_cast<int>(rt.config.integer("auth.password_min_length")));
      !st) {
    return fail(st.error());
  }
  std::optional<tree::Node> node;
  if (!args.role.empty()) {
    node = rt.db->read([&](soci::session& s) {
      auto id = parse_id(args.node);
      auto n = id ? tree::get(s, *id) : std::nullopt;
      return n ? n : tree::get_by_code(s, args.node.empty() ? "000000000000" : args.node);
    });
    if (!node)
      return fail(Error::invalid("node", "节点不存在: " + args.node, "No such node: " + args.node));
  }
  auto hash = passwords::hash(*pw);
  if (!hash) return fail(hash.error());
  Millis now = rt.clock->now_ms();
  Id created = 0;
  Status st = rt.db->write([&](WriteTx& tx) -> Status {
    auto a = accounts::insert(tx, args.username, args.display_name, *hash, now);
    if (!a) return a.error();
    created = a->id;
    if (node) {
      auto g = accounts::add_grant(tx, a->id, args.role, node->id, 0, now);
      if (!g) return g.error();
    }
    audit::append(tx, system_actor("cli"),
                  {"account.create", "account", id_to_string(a->id), node ? node->path : "/1/"},
                  now);
    return {};
  });
  if (!st) return fail(st.error());
  std::cout << "已创建账号 created account " << args.username << " (id " << created << ")";
  if (node) std::cout << " role " << args.role << " @ " << node->name;
  std::cout << "\n";
  return 0;
}

int cmd_user_passwd(Runtime& rt, UserArgs args) {
  auto account =
      rt.db->read([&](soci::session& s) { return accounts::by_username(s, args.username); });
  if (!account) return fail(Error::not_found("账号 " + args.username, "Account " + args.username));
  auto pw = read_password(args);
  if (!pw) return fail(pw.error());
  if (auto st = passwords::check_rules(
          *pw, args.username, static_cast<int>(rt.config.integer("auth.password_min_length")));
      !st) {
    return fail(st.error());
  }
  auto hash = passwords::hash(*pw);
  if (!hash) return fail(hash.error());
  Millis now = rt.clock->now_ms();
  Status st = rt.db->write([&](WriteTx& tx) -> Status {
    accounts::set_password(tx, account->id, *hash, now);
    accounts::revoke_sessions_of(tx, account->id, 0, now);
    audit::append(tx, system_actor("cli"),
                  {"account.password_reset", "account", id_to_string(account->id)}, now);
    return {};
  });
  if (!st) return fail(st.error());
  std::cout << "密码已更新，原有会话已失效 password changed, sessions ended: " << args.username
            << "\n";
  return 0;
}

int cmd_user_disable(Runtime& rt, const std::string& username, bool disabled) {
  auto account = rt.db->read([&](soci::session& s) { return accounts::by_username(s, username); });
  if (!account) return fail(Error::not_found("账号 " + username, "Account " + username));
  Millis now = rt.clock->now_ms();
  Status st = rt.db->write([&](WriteTx& tx) -> Status {
    accounts::set_disabled(tx, account->id, disabled, now);
    if (disabled) accounts::revoke_sessions_of(tx, account->id, 0, now);
    audit::append(
        tx, system_actor("cli"),
        {disabled ? "account.disable" : "account.enable", "account", id_to_string(account->id)},
        now);
    return {};
  });
  if (!st) return fail(st.error());
  std::cout << (disabled ? "已停用 disabled " : "已启用 enabled ") << username << "\n";
  return 0;
}

int cmd_user_list(Runtime& rt) {
  rt.db->read([&](soci::session& s) {
    auto list = accounts::list(s, {}, true, "", "", 100000);
    std::printf("%-24s %-16s %-9s %s\n", "username", "name", "status", "roles");
    for (const auto& a : list) {
      std::string roles;
      for (const auto& g : accounts::grants_of(s, a.id)) roles += g.role + "@" + g.node_name + " ";
      std::printf("%-24s %-16s %-9s %s\n", a.username.c_str(), a.display_name.c_str(),
                  a.disabled ? "disabled" : "active", roles.c_str());
    }
    std::printf("%zu account(s)\n", list.size());
  });
  return 0;
}

int cmd_backup(const Config& config, const std::string& file) {
  std::string db = config.str("database");
  if (db.rfind("sqlite:", 0) != 0) {
    std::cout << "PostgreSQL: 请使用 pg_dump 备份 use pg_dump for a consistent copy:\n"
              << "  pg_dump --format=custom --file '" << file << "' '" << db << "'\n";
    return 0;
  }
  auto st = Database::backup_sqlite(db.substr(7), file, [](int remaining, int total) {
    std::fprintf(stderr, "\rbackup: %d/%d pages", total - remaining, total);
  });
  std::fprintf(stderr, "\n");
  if (!st) return fail(st.error());
  std::cout << "备份完成 backup written: " << file << "\n";
  return 0;
}

}  // namespace gridgov
