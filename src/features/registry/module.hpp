#pragma once
// The registry of people and housing (实有人口与房屋): people in their houses and
// households, their personal data sealed, masked and revealed with a reason.
#include "platform/services.hpp"

namespace gridgov::registry {

Module module();

}  // namespace gridgov::registry
