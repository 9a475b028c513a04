#pragma once
// Functional departments (职能部门) as nodes of level "department".
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::org {

// A department under `parent` (a city, district or street) named `name`,
// unique among the parent's departments; code = the parent's + two digits.
Result<tree::Node> add_department(WriteTx& tx, const tree::Node& parent, const std::string& name,
                                  Millis now);

// The demo's departments: a district's bureaus and a street's offices.
const std::vector<std::string>& demo_district_departments();
const std::vector<std::string>& demo_street_departments();

}  // namespace gridgov::org
