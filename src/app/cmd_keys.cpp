// gridgov keys rotate: a new personal-data key, and every sealed value
// re-sealed (and its blind index recomputed) under it.
#include <iostream>

#include "app/commands.hpp"
#include "platform/auth/audit.hpp"
#include "platform/privacy/keys.hpp"

namespace gridgov {

int cmd_keys_rotate(Runtime& rt) {
  std::string file = rt.config.str("privacy.key_file");
  auto vault = privacy::Vault::add_key(file);
  if (!vault) {
    std::cerr << "错误: " << vault.error().message_zh << "\nerror: " << vault.error().message_en
              << "\n";
    return 1;
  }
  std::cout << "新密钥 new key " << vault->current_key() << " → " << file << "\n";
  long long total = 0;
  for (const auto& m : rt.modules) {
    for (const auto& col : m.sealed) {
      auto n =
          privacy::reseal(*rt.db, *vault, col.table, col.column, col.index_column, col.purpose);
      if (!n) {
        std::cerr << "\n错误: " << n.error().message_zh << "\nerror: " << n.error().message_en
                  << "\n";
        return 1;
      }
      total += *n;
    }
  }
  Millis now = rt.clock->now_ms();
  Status st = rt.db->write([&](WriteTx& tx) -> Status {
    if (auto s = privacy::check_keys_record(tx, *vault); !s) return s;
    audit::append(tx, system_actor("keys"),
                  {"privacy.rotate", "key", std::to_string(vault->current_key()), "/1/", "",
                   "{\"resealed\":" + std::to_string(total) + "}"},
                  now);
    return privacy::forget_old_keys(tx, *vault);
  });
  if (!st) return 1;
  std::cout << "\n已用新密钥重新加密 " << total << " 项 re-sealed " << total
            << " value(s). 旧密钥行可在确认备份后从密钥文件删除 the old key lines may be removed "
               "from the key file once backups no longer need them.\n";
  return 0;
}

}  // namespace gridgov
