// `gridgov demo`: a small believable starting point — Wuhan and its districts,
// a demonstration street, community, grid and micro-grid, and one account per
// main role. Idempotent: running it again changes nothing. (The tree feature
// replaces the hand-made part with the real divisions.)
#include <soci/soci.h>
#include <iostream>

#include "app/commands.hpp"
#include "platform/auth/accounts.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/passwords.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov {
namespace {

struct DemoNode {
  const char* parent_code;
  const char* code;
  const char* name;
  const char* level;
};

// Province, city and districts carry their official GB/T 2260 codes. The
// street and below are marked 演示 (demonstration): they are not real places.
const DemoNode kNodes[] = {
    {"000000000000", "420000000000", "湖北省", "province"},
    {"420000000000", "420100000000", "武汉市", "city"},
    {"420100000000", "420102000000", "江岸区", "district"},
    {"420100000000", "420103000000", "江汉区", "district"},
    {"420100000000", "420104000000", "硚口区", "district"},
    {"420100000000", "420105000000", "汉阳区", "district"},
    {"420100000000", "420106000000", "武昌区", "district"},
    {"420102000000", "420102900000", "演示街道", "street"},
    {"420102900000", "420102900001", "演示一社区", "community"},
    {"420102900000", "420102900002", "演示二社区", "community"},
    {"420102900001", "420102900001001", "演示一社区第1网格", "grid"},
    {"420102900001", "420102900001002", "演示一社区第2网格", "grid"},
    {"420102900001001", "42010290000100101", "第1网格第1微网格", "microgrid"},
};

struct DemoAccount {
  const char* username;
  const char* display_name;
  const char* role;
  const char* node_code;
};

const DemoAccount kAccounts[] = {
    {"admin", "系统管理员", "admin", "000000000000"},
    {"leader", "王市长（演示）", "leader", "420100000000"},
    {"street", "李主任（街道）", "street_staff", "420102900000"},
    {"community", "张书记（社区）", "community_secretary", "420102900001"},
    {"worker", "陈网格员", "grid_worker", "420102900001001"},
    {"department", "刘科长（城管）", "department_staff", "420102000000"},
    {"resident", "赵居民", "resident", "420102900001"},
};

}  // namespace

const char* const kDemoPassword = "GridGov#2026";

int cmd_demo(Runtime& rt, const DemoOptions& options) {
  if (options.city != "4201") {
    std::cerr << "目前演示数据仅含武汉（--city 4201） only the Wuhan demo (4201) exists so far\n";
    return 2;
  }
  Millis now = rt.clock.now_ms();
  int nodes_created = 0, accounts_created = 0;
  std::size_t total = std::size(kNodes) + std::size(kAccounts), step = 0;
  auto progress = [&](const char* what) {
    ++step;
    std::fprintf(stderr, "\r[%zu/%zu] %-40s", step, total, what);
  };
  for (const auto& d : kNodes) {
    progress(d.name);
    Status st = rt.db->write([&](WriteTx& tx) -> Status {
      if (tree::get_by_code(tx.sql, d.code)) return {};
      auto parent = tree::get_by_code(tx.sql, d.parent_code);
      if (!parent) return Error::internal();
      auto n = tree::insert_child(tx, *parent, {d.code, d.name, d.level}, now);
      if (!n) return n.error();
      audit::append(tx, system_actor("demo"),
                    {"node.create", "node", id_to_string(n->id), n->path, n->district_code}, now);
      ++nodes_created;
      return {};
    });
    if (!st) {
      std::cerr << "\n错误 error: " << st.error().message_en << "\n";
      return 1;
    }
  }
  for (const auto& a : kAccounts) {
    progress(a.username);
    bool exists = rt.db->read(
        [&](soci::session& s) { return accounts::by_username(s, a.username).has_value(); });
    if (exists) continue;
    auto hash = passwords::hash(kDemoPassword);
    if (!hash) return 1;
    Status st = rt.db->write([&](WriteTx& tx) -> Status {
      auto node = tree::get_by_code(tx.sql, a.node_code);
      if (!node) return Error::internal();
      auto acc = accounts::insert(tx, a.username, a.display_name, *hash, now);
      if (!acc) return acc.error();
      auto g = accounts::add_grant(tx, acc->id, a.role, node->id, 0, now);
      if (!g) return g.error();
      audit::append(tx, system_actor("demo"),
                    {"account.create", "account", id_to_string(acc->id), node->path}, now);
      ++accounts_created;
      return {};
    });
    if (!st) {
      std::cerr << "\n错误 error: " << st.error().message_en << "\n";
      return 1;
    }
  }
  std::fprintf(stderr, "\n");
  std::cout << "演示数据就绪 demo ready: " << nodes_created << " node(s) and " << accounts_created
            << " account(s) created (scale " << options.scale << ")\n\n"
            << "演示账号 demo logins (password 密码: " << kDemoPassword << ")\n";
  for (const auto& a : kAccounts) {
    std::printf("  %-12s %-10s %s\n", a.username, a.role, a.display_name);
  }
  return 0;
}

}  // namespace gridgov
