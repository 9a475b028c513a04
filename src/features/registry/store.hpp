#pragma once
// The registry's SQL: people (实有人口) living in houses, in households. Private to
// the registry: other features use registry.hpp.
#include <optional>
#include <string>
#include <vector>

#include "features/registry/model.hpp"
#include "features/registry/registry.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"

namespace gridgov::registry {

std::vector<Migration> migrations();

// The dashboard's figures (at and below a node path; `now` unused).
long long residents_below(soci::session& sql, const std::string& path, long long now);
long long households_below(soci::session& sql, const std::string& path, long long now);

// The household living in a house now (0 when none).
Id current_household(soci::session& sql, Id house_id);
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
  Id id = 0, person_id = 0, household_id = 0, house_id = 0;
  std::string house_label, node_path;
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

// How a house is used (set by a grid worker or a ledger), where it is, and its rooms.
struct HouseUse {
  Id house_id = 0, building_id = 0;
  std::string node_path, use;  // use: one of house_uses()
  int rooms = 1;
  Millis updated_at = 0;
  Id updated_by = 0;
};
std::optional<HouseUse> house_use_of(soci::session& sql, Id house_id);  // none when never set
std::string house_use(soci::session& sql, Id house_id);                 // "" when never set

}  // namespace gridgov::registry
