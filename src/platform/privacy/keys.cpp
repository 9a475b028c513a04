#include "platform/privacy/keys.hpp"

#include <soci/soci.h>

#include <map>

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

}  // namespace gridgov::privacy
