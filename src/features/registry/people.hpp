#pragma once
// What a person record holds, checked one way for every door it comes in by:
// the API, the Excel/CSV ledger, the demo.
#include <string>
#include <utility>
#include <vector>

#include "features/org/buildings.hpp"
#include "features/registry/model.hpp"
#include "platform/db/database.hpp"
#include "platform/http/json_body.hpp"
#include "platform/services.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::registry {

using Choices = std::vector<std::pair<std::string, std::string>>;
const Choices& relations();  // head 户主, spouse 配偶 …
const Choices& residences();  // both 人户一致, registered 户在人不在, resident 人在户不在

// The person's own fields from a request body: name, identity_number (sealed,
// masked, blind-indexed; sex and birth date derived), or sex and birth_date
// when there is no identity number; phone; relation; residence;
// party_member; tags. `today` (YYYY-MM-DD) bounds the birth date.
Result<Person> person_fields(const Services& svc, const http::Body& body, const std::string& today);

// Places the person in a house of a building (the place decides who sees them).
void place(Person& p, const tree::Node& building, const org::House& house);

}  // namespace gridgov::registry
