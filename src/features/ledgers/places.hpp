#pragma once
// Finding the building and house a ledger row names, the way people write
// them: a building by its code or (unique in the import's scope) its name, a
// house as 2-301, 2单元301 or 2-3-01. Lookups are cached for the whole file.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "features/ledgers/kinds.hpp"
#include "features/ledgers/plan.hpp"
#include "features/org/buildings.hpp"

namespace gridgov::ledgers {

// (unit, floor, room) from a house number; nullopt when it is not one.
std::optional<std::tuple<int, int, int>> parse_house(std::string_view text);

class Places {
 public:
  explicit Places(Context& ctx) : ctx_(ctx) {}
  // The building named by a row (code first); kInvalid on `field` otherwise,
  // also when it lies outside what the importer may change.
  Result<const tree::Node*> building(std::string_view code, std::string_view name);
  Result<org::House> house(const tree::Node& building, std::string_view text);
  // Both, from a row's building_code / building_name / house cells.
  struct At {
    const tree::Node* building;
    org::House house;
  };
  Result<At> locate(const Header& header, const std::vector<std::string>& row);

 private:
  Context& ctx_;
  std::map<std::string, std::optional<tree::Node>, std::less<>> by_code_, by_name_;
  std::map<std::string, int> name_count_;
  std::map<Id, std::map<std::tuple<int, int, int>, org::House>> houses_;
};

}  // namespace gridgov::ledgers
