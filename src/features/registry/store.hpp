#pragma once
// The registry's SQL: people (实有人口) living in houses, in households.
#include <optional>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"

namespace gridgov::registry {

struct Person {
  Id id = 0;
  std::string node_path;  // the building's path: who may see the person
  std::string district_code;
  Id building_id = 0, house_id = 0, household_id = 0;
  std::string house_label;
  std::string name, initials;
  std::string identity_sealed, identity_mask, identity_index;
  std::string phone_sealed, phone_mask, phone_index, phone_tail;
  std::string sex, birth_date;  // from the identity number when one is given
  std::string relation;         // to the head of the household: head 户主, spouse 配偶 …
  std::string residence;        // registered 户籍 | resident 实住 | both 人户一致
  bool party_member = false;
  std::string tags;               // ",elderly_alone,veteran," (commas around each)
  std::string status = "active";  // active | moved_out
  Millis created_at = 0, updated_at = 0;
  int version = 1;
};

std::vector<Migration> migrations();

// The household living in a house now (0 when none).
Id current_household(soci::session& sql, Id house_id);
Id create_household(WriteTx& tx, const Person& head, Millis now);
// Inserts the person and their move-in (residence history).
void insert(WriteTx& tx, const Person& p);
std::optional<Person> get(soci::session& sql, Id id);
// Whether a person with this identity (its blind index) is already registered.
std::optional<Id> by_identity(soci::session& sql, const std::string& identity_index);

struct Query {
  std::vector<std::string> scopes;  // node paths
  std::string name_part;            // a substring of the name ("" = any)
  std::string phone_tail;           // the last four digits ("" = any)
  std::string tag;                  // one tag ("" = any)
  std::string identity_index;       // exact identity (blind index), "" = any
  std::optional<Id> before;
  int limit = 50;
};
std::vector<Person> search(soci::session& sql, const Query& q);

}  // namespace gridgov::registry
