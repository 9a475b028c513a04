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
  std::string address_part;         // a substring of the building and house ("3栋", "2-301")
  std::string tag;                  // one tag ("" = any)
  std::string identity_index;       // exact identity (blind index), "" = any
  std::optional<Id> before;
  int limit = 50;
};
std::vector<Person> search(soci::session& sql, const Query& q);

// The household's people still living there, head first.
std::vector<Person> members(soci::session& sql, Id household_id);

// Where someone lived when: one row per stay, never deleted.
struct Stay {
  Id house_id = 0;
  std::string house_label;
  Millis moved_in = 0, moved_out = 0;  // 0: still there
};
std::vector<Stay> stays(soci::session& sql, Id person_id);

// Ends the person's current stay (and their household membership; a head
// who leaves hands the household to the longest-registered member, and a
// household nobody lives in is dissolved). `p` is updated.
void move_out(WriteTx& tx, Person& p, Millis now);
// Starts a stay in another house (joining its household, or heading a new one).
void move_in(WriteTx& tx, Person& p, Id building_id, const std::string& node_path,
             const std::string& district_code, Id house_id, const std::string& house_label,
             Millis now);
// Whether the person's stored version is still `version` (nobody changed them since).
bool version_current(WriteTx& tx, Id person_id, int version);

// What a house is used for: owner_occupied 自住, rented 出租, vacant 空置, commercial 商用.
const std::vector<std::pair<std::string, std::string>>& house_uses();
std::string house_use(soci::session& sql, Id house_id);  // "" when never set
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
