#include "features/org/health.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>

#include "platform/config/config.hpp"

namespace gridgov::org {

SizingRules sizing_rules(const Config& c) {
  auto i = [&](const char* key) { return static_cast<int>(c.integer(key)); };
  SizingRules r;
  r.grid_households_min = i("sizing.grid_households_min");
  r.grid_households_max = i("sizing.grid_households_max");
  r.micro_buildings_min = i("sizing.microgrid_buildings_min");
  r.micro_buildings_max = i("sizing.microgrid_buildings_max");
  r.community_households_min = i("sizing.community_households_min");
  r.community_households_max = i("sizing.community_households_max");
  r.grid_workers_min = i("staffing.grid_workers_min");
  r.grid_workers_max = i("staffing.grid_workers_max");
  r.micro_workers = i("staffing.microgrid_workers");
  r.community_workers_per_10k = i("staffing.community_workers_per_10k");
  r.worker_households_max = i("staffing.worker_households_max");
  r.persons_per_100_households = i("sizing.persons_per_100_households");
  return r;
}

namespace {

std::string band(long long lo, long long hi) {
  return fmt::format("{}–{}", lo, hi);
}

// Neighbours to merge an undersized unit with: the smallest siblings first,
// until the merged size reaches the minimum (and stays under the maximum).
std::vector<const Unit*> merge_partners(const Unit& u, const std::vector<const Unit*>& siblings,
                                        long long min, long long max, long long Unit::*measure) {
  std::vector<const Unit*> candidates;
  for (const Unit* s : siblings)
    if (s->node.id != u.node.id) candidates.push_back(s);
  std::sort(candidates.begin(), candidates.end(),
            [&](const Unit* a, const Unit* b) { return a->*measure < b->*measure; });
  std::vector<const Unit*> chosen;
  long long total = u.*measure;
  for (const Unit* c : candidates) {
    if (total >= min) break;
    if (total + c->*measure > max && !chosen.empty()) break;
    chosen.push_back(c);
    total += c->*measure;
  }
  return chosen;
}

const std::string& label(const Unit& u) {
  return u.label.empty() ? u.node.name : u.label;
}

std::string names(const std::vector<const Unit*>& units) {
  std::string out;
  for (const Unit* u : units) out += (out.empty() ? "" : "、") + label(*u);
  return out;
}

void size_rule(std::vector<Violation>& out, const Unit& u, const std::vector<const Unit*>& siblings,
               long long value, long long lo, long long hi, const char* kind, const char* what_zh,
               const char* what_en, const char* unit_zh, const char* unit_en,
               long long Unit::*measure) {
  if (value >= lo && value <= hi) return;
  Violation v;
  v.kind = kind;
  v.node = u.node;
  v.measured = value;
  v.expected = band(lo, hi);
  if (value > hi) {
    v.severity = "high";
    v.action = "split";
    v.into = static_cast<int>((value + hi - 1) / hi);
    long long each = value / v.into;
    v.message_zh =
        fmt::format("{}「{}」有 {} {}，超过 {} 的上限", what_zh, label(u), value, unit_zh, hi);
    v.message_en =
        fmt::format("{} {} has {} {}, above the {} limit", what_en, label(u), value, unit_en, hi);
    v.proposal_zh = fmt::format("拆分为 {} 个，每个约 {} {}", v.into, each, unit_zh);
    v.proposal_en = fmt::format("Split into {}, about {} {} each", v.into, each, unit_en);
  } else {
    v.severity = "medium";
    auto partners = merge_partners(u, siblings, lo, hi, measure);
    long long merged = value;
    for (const Unit* p : partners) {
      merged += p->*measure;
      v.with.push_back(p->node);
    }
    v.action = partners.empty() ? "review" : "merge";
    v.message_zh =
        fmt::format("{}「{}」只有 {} {}，低于 {} 的下限", what_zh, label(u), value, unit_zh, lo);
    v.message_en = fmt::format("{} {} has only {} {}, below the {} minimum", what_en, label(u),
                               value, unit_en, lo);
    if (partners.empty()) {
      v.proposal_zh = "同级没有可合并的相邻单元，请核实数据或调整上级划分";
      v.proposal_en = "No neighbour to merge with: check the data or redraw the parent";
    } else {
      v.proposal_zh =
          fmt::format("与相邻的{}合并，合并后约 {} {}", names(partners), merged, unit_zh);
      v.proposal_en = fmt::format("Merge with neighbouring {}: about {} {} together",
                                  names(partners), merged, unit_en);
    }
  }
  out.push_back(std::move(v));
}

void staff_rule(std::vector<Violation>& out, const Unit& u, int have, int need, int max,
                const char* kind, const char* what_zh, const char* what_en) {
  if (have >= need && (max <= 0 || have <= max)) return;
  Violation v;
  v.kind = kind;
  v.node = u.node;
  v.measured = have;
  v.expected = max > 0 ? band(need, max) : fmt::format("≥ {}", need);
  if (have < need) {
    v.severity = "high";
    v.action = "add_staff";
    v.into = need - have;
    v.message_zh = fmt::format("「{}」{}{} 名，应至少 {} 名", label(u), what_zh, have, need);
    v.message_en =
        fmt::format("{}: {} {} in post, at least {} needed", label(u), have, what_en, need);
    v.proposal_zh = fmt::format("补充 {} 名", v.into);
    v.proposal_en = fmt::format("Add {}", v.into);
  } else {
    v.severity = "info";
    v.action = "rebalance";
    v.into = have - max;
    v.message_zh = fmt::format("「{}」{}{} 名，多于 {} 名", label(u), what_zh, have, max);
    v.message_en = fmt::format("{}: {} {} in post, more than {}", label(u), have, what_en, max);
    v.proposal_zh = fmt::format("可调出 {} 名到人手不足的网格", v.into);
    v.proposal_en = fmt::format("{} could move to understaffed grids", v.into);
  }
  out.push_back(std::move(v));
}

}  // namespace

std::vector<Violation> check_sizing(const SizingRules& r, const std::vector<Unit>& units,
                                    const std::vector<WorkerLoad>& workers) {
  std::map<Id, std::vector<const Unit*>> by_parent;
  for (const auto& u : units) by_parent[u.node.parent_id].push_back(&u);
  std::vector<Violation> out;
  for (const auto& u : units) {
    const auto& siblings = by_parent[u.node.parent_id];
    if (u.node.level == "grid") {
      size_rule(out, u, siblings, u.households, r.grid_households_min, r.grid_households_max,
                "grid_size", "网格", "Grid", "户", "households", &Unit::households);
      staff_rule(out, u, u.grid_workers, r.grid_workers_min, r.grid_workers_max, "grid_staff",
                 "网格员", "grid workers");
    } else if (u.node.level == "microgrid") {
      size_rule(out, u, siblings, u.buildings, r.micro_buildings_min, r.micro_buildings_max,
                "microgrid_size", "微网格", "Micro-grid", "栋楼", "buildings", &Unit::buildings);
      staff_rule(out, u, u.grid_workers, r.micro_workers, 0, "microgrid_staff", "专职网格员",
                 "full-time grid workers");
    } else if (u.node.level == "community") {
      size_rule(out, u, siblings, u.households, r.community_households_min,
                r.community_households_max, "community_size", "社区", "Community", "户",
                "households", &Unit::households);
      long long residents = u.households * r.persons_per_100_households / 100;
      int need = static_cast<int>(std::ceil(residents * r.community_workers_per_10k / 10000.0));
      staff_rule(out, u, u.community_workers, need, 0, "community_staff", "社区工作者",
                 "community workers");
      if (!out.empty() && out.back().kind == "community_staff" && out.back().node.id == u.node.id) {
        out.back().message_zh += fmt::format("（按约 {} 名实有人口、每万人 {} 名计）", residents,
                                             r.community_workers_per_10k);
        out.back().message_en += fmt::format(" (about {} residents, {} per 10,000)", residents,
                                             r.community_workers_per_10k);
      }
    }
  }
  for (const auto& w : workers) {
    if (w.households <= r.worker_households_max) continue;
    Violation v;
    v.kind = "worker_overload";
    v.severity = "high";
    v.node = w.post;
    v.measured = w.households;
    v.expected = fmt::format("≤ {}", r.worker_households_max);
    v.action = "add_staff";
    v.into =
        static_cast<int>((w.households + r.worker_households_max - 1) / r.worker_households_max) -
        1;
    const std::string& where = w.post_label.empty() ? w.post.name : w.post_label;
    v.message_zh = fmt::format("网格员{}（{}）负责 {} 户，超过 {} 户", w.name, where, w.households,
                               r.worker_households_max);
    v.message_en = fmt::format("Grid worker {} ({}) covers {} households, over {}", w.name, where,
                               w.households, r.worker_households_max);
    v.proposal_zh = fmt::format("增配 {} 名网格员或缩小其负责范围", v.into);
    v.proposal_en = fmt::format("Add {} grid worker(s) or shrink the area", v.into);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace gridgov::org
