#pragma once
// The registry's people (实有人口): who lives in which house, in which household.
#include <string>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"

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

}  // namespace gridgov::registry
