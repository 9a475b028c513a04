#pragma once
// Buildings (楼栋): tree nodes below a micro-grid, with a location, floors and
// units; their houses (房屋) are generated from that layout (unit-floor-room)
// and wait for the registry to fill households.
#include <optional>
#include <string>
#include <vector>

#include "features/org/model.hpp"
#include "platform/db/database.hpp"

namespace gridgov::org {

struct BuildingSpec {
  std::string name;  // "3栋"
  double lng = 0, lat = 0;
  int floors = 1;                   // 1–200
  int units = 1;                    // 单元, 1–50
  int houses_per_floor = 2;         // per unit, 0–20 (0: no houses, e.g. a school building)
  std::string use = "residential";  // residential | commercial | mixed | office | public
  std::string address;
};

struct Building {
  tree::Node node;
  BuildingSpec spec;
  int houses = 0;
};

struct House {
  Id id = 0;
  Id building_id = 0;
  int unit = 0, floor = 0, room = 0;
  std::string label;  // "2-3-01": unit-floor-room
  std::string district_code;
  Millis created_at = 0;
};

const std::vector<std::string>& building_uses();
// Outcomes: ok; kInvalid naming the field.
Status check_building(const BuildingSpec& spec);

namespace buildings {
std::vector<Migration> migrations();
// Inserts the node, its attributes and its houses; returns the building.
Result<Building> create(WriteTx& tx, const tree::Node& microgrid, const std::string& code,
                        const BuildingSpec& spec, Millis now);
std::optional<Building> get(soci::session& sql, Id node_id);
std::vector<House> houses(soci::session& sql, Id building_id, int limit, int offset);
std::optional<House> house(soci::session& sql, Id house_id);
// Houses below a node (any level), for sizing.
long long house_count_under(soci::session& sql, const tree::Node& node);
struct Located {
  Id id;
  double lng, lat;
};
std::vector<Located> all_locations(soci::session& sql);  // active buildings, for the point index
// The active buildings below a node, (id, name) in id order.
std::vector<std::pair<Id, std::string>> named_under(soci::session& sql, const tree::Node& node);
}  // namespace buildings

}  // namespace gridgov::org
