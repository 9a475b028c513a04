#pragma once
// The database remembers which keys sealed its data — a keyed check value per
// key id, never the key — so a server started with the wrong key file stops
// with a clear message instead of serving data it cannot open.
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
// After every sealed value was re-sealed with the current key: forget the others.
Status forget_old_keys(WriteTx& tx, const Vault& vault);

}  // namespace gridgov::privacy
