#pragma once
// Sizing and staffing health check (网格工程): every violation at and below a
// node, each with a concrete proposal. Rules are settings with the defaults
// of the reports (docs/settings.md): urban grid 300–500 households, a
// micro-grid about 5 buildings, a community 1,000–2,000 households, 2–3 grid
// workers per grid and 1 per micro-grid, ≥ 18 community workers per 10,000
// residents, a worker over 1,000 households is overloaded.
#include <string>
#include <vector>

#include "features/org/model.hpp"

namespace gridgov {
class Config;
}

namespace gridgov::org {

struct SizingRules {
  int grid_households_min = 300, grid_households_max = 500;
  int micro_buildings_min = 3, micro_buildings_max = 7;
  int community_households_min = 1000, community_households_max = 2000;
  int grid_workers_min = 2, grid_workers_max = 3;
  int micro_workers = 1;
  int community_workers_per_10k = 18;
  int worker_households_max = 1000;
  int persons_per_100_households = 260;  // residents are estimated until the registry has them
};
SizingRules sizing_rules(const Config& config);

// What the check looks at: one entry per community, grid and micro-grid.
struct Unit {
  tree::Node node;
  std::string label;         // what people call it: "保成社区第1网格"
  long long households = 0;  // homes (houses) below, until the registry counts households
  long long buildings = 0;
  int grid_workers = 0;       // grid workers posted here (a grid: also at its micro-grids)
  int community_workers = 0;  // secretary, staff and grid workers anywhere below (communities)
};
struct WorkerLoad {
  Id account_id = 0;
  std::string name;
  tree::Node post;  // where the worker is posted
  std::string post_label;
  long long households = 0;
};

struct Violation {
  std::string kind;      // grid_size, microgrid_size, community_size, grid_staff, microgrid_staff,
                         // community_staff, worker_overload
  std::string severity;  // high (over the band), medium (under it), info
  tree::Node node;
  long long measured = 0;
  std::string expected;          // "300–500"
  std::string action;            // split, merge, add_staff, rebalance
  int into = 0;                  // split: into how many; add_staff: how many missing
  std::vector<tree::Node> with;  // merge: the neighbours to merge with
  std::string message_zh, message_en;
  std::string proposal_zh, proposal_en;
};

// Pure: every rule applied to the facts. Neighbours are units with the same parent.
std::vector<Violation> check_sizing(const SizingRules& rules, const std::vector<Unit>& units,
                                    const std::vector<WorkerLoad>& workers);

}  // namespace gridgov::org
