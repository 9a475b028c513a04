#pragma once
// What other features may do with the registry (the ledgers' imports register
// people and households through these); its store is private to it.
#include <string>
#include <utility>
#include <vector>

#include "features/registry/model.hpp"
#include "platform/db/database.hpp"

namespace gridgov::registry {

Id create_household(WriteTx& tx, const Person& head, Millis now);
// Inserts the person and their move-in (residence history).
void insert(WriteTx& tx, const Person& p);

// What a house is used for: owner_occupied 自住, rented 出租, vacant 空置, commercial 商用.
const std::vector<std::pair<std::string, std::string>>& house_uses();

void set_house_use(WriteTx& tx, Id house_id, Id building_id, const std::string& node_path,
                   const std::string& use, int rooms, Id by, Millis now);

// For many at once (a ledger's rows), each looked up in batches:
// the identity indexes already registered, with where;
std::vector<std::pair<std::string, std::string>> registered_identities(
    soci::session& sql, const std::vector<std::string>& identity_indexes);
// the households living in these houses now (house → household);
std::vector<std::pair<Id, Id>> current_households(soci::session& sql,
                                                  const std::vector<Id>& house_ids);
// those of these houses that are rented out.
std::vector<Id> rented_houses(soci::session& sql, const std::vector<Id>& house_ids);

}  // namespace gridgov::registry
