#pragma once
// Proactive governance (未诉先办): places × categories whose reports recur or
// rise, so a grid can patrol there before residents call again.
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"

namespace gridgov::cases {

// One report as the hotspot finder sees it.
struct PlacedReport {
  Id building_id = 0;  // a building when the report named one…
  long long cell = 0;  // …else its ~50 m cell
  std::string category;
  Millis at = 0;
};

struct Hotspot {
  Id building_id = 0;
  long long cell = 0;
  std::string category;
  std::vector<int> weekly;  // oldest week first, the last is the most recent
  int total = 0;
  bool recurring = false;  // reported in at least `min_weeks` different weeks
  bool rising = false;     // last week above 1.5 × the earlier weekly average, and ≥ 2
  int expected_next_week = 0;
};

struct HotspotRules {
  int weeks = 4;
  int min_total = 3;
  int min_weeks = 2;
};

// Pure: hotspots among `reports` over the `rules.weeks` weeks before `now`,
// strongest first (rising before recurring, then by total).
std::vector<Hotspot> find_hotspots(const std::vector<PlacedReport>& reports, Millis now,
                                   const HotspotRules& rules = {});

}  // namespace gridgov::cases
