// gridgov keys rotate: a new personal-data key, and every sealed value
// re-sealed (and its blind index recomputed) under it.
#include <soci/soci.h>

#include <cstdio>
#include <iostream>

#include "app/commands.hpp"
#include "platform/auth/audit.hpp"
#include "platform/privacy/keys.hpp"

namespace gridgov {

namespace {

// Re-seals one column, a page at a time; returns how many values changed.
Result<long long> reseal(Database& db, const privacy::Vault& vault, const SealedColumn& col) {
  long long done = 0;
  std::string current = "s1." + std::to_string(vault.current_key()) + ".%";
  Id after = 0;
  for (;;) {
    auto rows = db.read([&](soci::session& s) {
      std::vector<std::pair<Id, std::string>> out;
      Id id = 0;
      std::string value;
      soci::statement st =
          (s.prepare << "SELECT id, " + col.column + " FROM " + col.table +
                            " WHERE id > :after AND " + col.column + " LIKE 's1.%' AND " +
                            col.column + " NOT LIKE :cur ORDER BY id LIMIT 2000",
           soci::use(after), soci::use(current), soci::into(id), soci::into(value));
      st.execute(false);
      while (st.fetch()) out.emplace_back(id, value);
      return out;
    });
    if (rows.empty()) return done;
    std::vector<std::tuple<Id, std::string, std::string>> updates;
    for (const auto& [id, sealed] : rows) {
      auto plain = vault.open(sealed);
      if (!plain) return plain.error();
      updates.emplace_back(id, vault.seal(*plain),
                           col.index_column.empty() ? "" : vault.blind(col.purpose, *plain));
    }
    Status st = db.write([&](WriteTx& tx) -> Status {
      for (auto& [id, sealed, index] : updates) {
        if (col.index_column.empty()) {
          tx.sql << "UPDATE " + col.table + " SET " + col.column + " = :v WHERE id = :id",
              soci::use(sealed), soci::use(id);
        } else {
          tx.sql << "UPDATE " + col.table + " SET " + col.column + " = :v, " + col.index_column +
                        " = :i WHERE id = :id",
              soci::use(sealed), soci::use(index), soci::use(id);
        }
      }
      return {};
    });
    if (!st) return st.error();
    done += static_cast<long long>(rows.size());
    after = rows.back().first;
    std::fprintf(stderr, "\r  %s.%s: %lld", col.table.c_str(), col.column.c_str(), done);
  }
}

}  // namespace

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
      auto n = reseal(*rt.db, *vault, col);
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
