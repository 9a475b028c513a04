// `gridgov demo`: the demo city. Each feature's manifest adds its part (the
// org feature: the real divisions, shapes, grids and micro-grids); then one
// account per main role on the sample nodes. Idempotent.
#include <soci/soci.h>
#include <iostream>

#include "app/commands.hpp"
#include "features/org/demo.hpp"
#include "platform/auth/accounts.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/passwords.hpp"
#include "platform/text/text.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov {

const char* const kDemoPassword = "GridGov#2026";

namespace {

struct DemoAccount {
  const char* username;
  const char* display_name;
  const char* role;
  const tree::Node* node;
};

}  // namespace

int cmd_demo(Runtime& rt, const DemoOptions& options) {
  if (options.city.size() != 4 || !text::all_digits(options.city)) {
    std::cerr << "错误: --city 须为 4 位城市代码（如 4201 武汉）\nerror: --city takes a 4-digit "
                 "city code (4201 = Wuhan)\n";
    return 2;
  }
  Millis now = rt.clock->now_ms();
  // Each feature adds its part of the demo city (divisions, shapes, grids, …).
  for (const auto& m : rt.modules) {
    if (!m.demo) continue;
    if (auto st = m.demo(*rt.services, options); !st) {
      std::cerr << "错误: " << st.error().message_zh << "\nerror: " << st.error().message_en
                << "\n";
      return 1;
    }
  }
  auto sample = org::demo_sample(*rt.db, options.city);
  if (!sample || !sample->grid) {
    std::cerr << "错误: 找不到演示节点 no sample nodes for city " << options.city << "\n";
    return 1;
  }
  const tree::Node *city = &sample->city, *district = &sample->district, *street = &sample->street,
                   *community = &sample->community, *grid = &*sample->grid,
                   *building = sample->building ? &*sample->building : nullptr;
  auto root = rt.db->read([&](soci::session& s) { return tree::get(s, tree::kRootId); });
  // Department staff work at a department (区城管执法局), not at the district.
  auto departments =
      rt.db->read([&](soci::session& s) { return tree::departments_serving(s, *street); });
  const tree::Node* department = district;
  for (const auto& d : departments)
    if (d.parent_id == district->id && d.name.find("城市管理") != std::string::npos)
      department = &d;
  // One account for every role, on the sample nodes.
  const DemoAccount accounts_to_make[] = {
      {"admin", "系统管理员", "admin", &*root},
      {"leader", "王市长（演示）", "leader", city},
      {"department", "刘科长（城管）", "department_staff", department},
      {"street", "李主任（街道）", "street_staff", street},
      {"community", "张书记（社区党委）", "community_secretary", community},
      {"staff", "孙社工", "community_staff", community},
      {"gridparty", "周支书（网格党支部）", "grid_branch_secretary", grid},
      {"worker", "陈网格员", "grid_worker", grid},
      {"cadre", "吴下沉干部", "sinking_cadre", grid},
      {"coordinator", "郑协管员", "coordinator", community},
      {"building", "冯楼栋长", "building_leader", building},
      {"building2", "褚第二楼组长", "second_building_leader", building},
      {"volunteer", "卫志愿者", "volunteer", community},
      {"resident", "赵居民", "resident", community},
  };

  // One hash for every demo account: they share the printed demo password.
  auto hash = passwords::hash(kDemoPassword);
  if (!hash) return 1;
  int accounts_created = 0;
  auto make_account = [&](const std::string& username, const std::string& display_name,
                          const std::string& role, const tree::Node& node) -> Status {
    bool exists = rt.db->read(
        [&](soci::session& s) { return accounts::by_username(s, username).has_value(); });
    if (exists) return {};
    return rt.db->write([&](WriteTx& tx) -> Status {
      auto acc = accounts::insert(tx, username, display_name, *hash, now);
      if (!acc) return acc.error();
      auto g = accounts::add_grant(tx, acc->id, role, node.id, 0, now);
      if (!g) return g.error();
      audit::append(tx, system_actor("demo"),
                    {"account.create", "account", id_to_string(acc->id), node.path}, now);
      ++accounts_created;
      return {};
    });
  };
  for (const auto& a : accounts_to_make) {
    if (!a.node) continue;  // the large city has no buildings: no building leaders
    std::fprintf(stderr, "\r  账号 accounts %-12s", a.username);
    if (auto st = make_account(a.username, a.display_name, a.role, *a.node); !st) {
      std::cerr << "\n错误 error: " << st.error().message_en << "\n";
      return 1;
    }
  }
  // A full-time grid worker for every micro-grid of the sample street (网格员 gw + code).
  static const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                    "吴", "周", "徐", "孙", "马", "胡", "朱", "郭"};
  static const char* kGiven[] = {"建华", "秀英", "志强", "丽娟", "海燕", "国庆", "桂兰", "伟",
                                 "敏",   "静",   "军",   "芳",   "磊",   "红梅", "勇",   "晓东"};
  auto micros = rt.db->read(
      [&](soci::session& s) { return tree::subtree(s, *street, "microgrid", 10000, ""); });
  for (std::size_t i = 0; i < micros.size(); ++i) {
    const auto& m = micros[i];
    if (m.status != "active") continue;
    std::string name = std::string(kSurnames[i % 16]) + kGiven[(i * 7 + 3) % 16];
    if (auto st = make_account("gw" + m.code, name, "grid_worker", m); !st) {
      std::cerr << "\n错误 error: " << st.error().message_en << "\n";
      return 1;
    }
  }
  std::fprintf(stderr, "\n");
  std::cout << "演示数据就绪 demo ready: " << accounts_created << " account(s) created (scale "
            << options.scale << ")\n"
            << "  " << city->name << " · 示范街道 sample street: " << district->name << street->name
            << "\n\n"
            << "演示账号 demo logins (password 密码: " << kDemoPassword
            << "; micro-grid workers: gw + code)\n";
  for (const auto& a : accounts_to_make) {
    if (!a.node) continue;
    std::printf("  %-12s %-20s %s @ %s\n", a.username, a.role, a.display_name,
                a.node->name.c_str());
  }
  return 0;
}

}  // namespace gridgov
