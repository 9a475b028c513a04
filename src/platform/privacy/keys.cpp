#include "platform/privacy/keys.hpp"

#include <soci/soci.h>

#include <cstdio>
#include <map>

#include "platform/core/ids.hpp"

namespace gridgov::privacy {

std::vector<Migration> migrations() {
  return {{"privacy",
           1,
           "check values of the personal-data keys",
           {"CREATE TABLE privacy_keys (id INTEGER PRIMARY KEY, check_value TEXT NOT NULL)"},
           {}}};
}

Status check_keys(Database& db, const Vault& vault) {
  auto known = db.read([](soci::session& s) {
    std::map<int, std::string> out;
    int id = 0;
    std::string check;
    soci::statement st = (s.prepare << "SELECT id, check_value FROM privacy_keys", soci::into(id),
                          soci::into(check));
    st.execute(false);
    while (st.fetch()) out[id] = check;
    return out;
  });
  for (const auto& [id, check] : known) {
    auto mine = vault.check_value(id);
    if (!mine) {
      return Error::make(ErrorKind::kUnavailable, "privacy_keys",
                         "个人信息密钥 " + std::to_string(id) + " 缺失：数据库中有用它加密的数据",
                         "Personal-data key " + std::to_string(id) +
                             " is missing: the database holds data sealed with it");
    }
    if (*mine != check) {
      return Error::make(
          ErrorKind::kUnavailable, "privacy_keys",
          "个人信息密钥 " + std::to_string(id) + " 与加密数据时所用的不同",
          "Personal-data key " + std::to_string(id) + " differs from the one that sealed the data");
    }
  }
  if (known.size() == vault.key_ids().size()) return {};
  return db.write([&](WriteTx& tx) { return check_keys_record(tx, vault); });
}

Status check_keys_record(WriteTx& tx, const Vault& vault) {
  for (int id : vault.key_ids()) {
    int n = 0;
    tx.sql << "SELECT COUNT(*) FROM privacy_keys WHERE id = :id", soci::use(id), soci::into(n);
    if (n > 0) continue;
    std::string check = *vault.check_value(id);
    tx.sql << "INSERT INTO privacy_keys (id, check_value) VALUES (:id, :c)", soci::use(id),
        soci::use(check);
  }
  return {};
}

Status forget_old_keys(WriteTx& tx, const Vault& vault) {
  int current = vault.current_key();
  tx.sql << "DELETE FROM privacy_keys WHERE id <> :id", soci::use(current);
  return {};
}

Result<long long> reseal(Database& db, const Vault& vault, const std::string& table,
                         const std::string& column, const std::string& index_column,
                         const std::string& purpose) {
  long long done = 0;
  std::string current = "s1." + std::to_string(vault.current_key()) + ".%";
  Id after = 0;
  for (;;) {
    auto rows = db.read([&](soci::session& s) {
      std::vector<std::pair<Id, std::string>> out;
      Id id = 0;
      std::string value;
      soci::statement st =
          (s.prepare << "SELECT id, " + column + " FROM " + table + " WHERE id > :after AND " +
                            column + " LIKE 's1.%' AND " + column +
                            " NOT LIKE :cur ORDER BY id LIMIT 2000",
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
                           index_column.empty() ? "" : vault.blind(purpose, *plain));
    }
    Status st = db.write([&](WriteTx& tx) -> Status {
      for (auto& [id, sealed, index] : updates) {
        if (index_column.empty()) {
          tx.sql << "UPDATE " + table + " SET " + column + " = :v WHERE id = :id",
              soci::use(sealed), soci::use(id);
        } else {
          tx.sql << "UPDATE " + table + " SET " + column + " = :v, " + index_column +
                        " = :i WHERE id = :id",
              soci::use(sealed), soci::use(index), soci::use(id);
        }
      }
      return {};
    });
    if (!st) return st.error();
    done += static_cast<long long>(rows.size());
    after = rows.back().first;
    std::fprintf(stderr, "\r  %s.%s: %lld", table.c_str(), column.c_str(), done);
  }
}

}  // namespace gridgov::privacy
