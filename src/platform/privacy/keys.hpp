#pragma once
// The database remembers which keys sealed its data — a keyed check value per
// key id, never the key — so a server started with the wrong key file stops
// with a clear message instead of serving data it cannot open.
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/privacy/vault.hpp"

namespace gridgov::privacy {

std::vector<Migration> migrations();

// Records the vault's keys not yet known; fails (kUnavailable) when a known key
// id has a different key, or when the database knows keys the vault lacks.
Status check_keys(Database& db, const Vault& vault);

// Records the check values of the vault's keys not yet known (in `tx`).
Status check_keys_record(WriteTx& tx, const Vault& vault);
// Re-seals one sealed column (and recomputes its blind index, when it has one) under
// the vault's current key, a page at a time, showing progress on stderr; returns how
// many values changed. Values already under the current key are left alone.
Result<long long> reseal(Database& db, const Vault& vault, const std::string& table,
                         const std::string& column, const std::string& index_column,
                         const std::string& purpose);
// After every sealed value was re-sealed with the current key: forget the others.
Status forget_old_keys(WriteTx& tx, const Vault& vault);

}  // namespace gridgov::privacy
