#include "features/cases/hotspots.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace gridgov::cases {

std::vector<Hotspot> find_hotspots(const std::vector<PlacedReport>& reports, Millis now,
                                   const HotspotRules& r) {
  constexpr Millis kWeek = 7LL * 24 * 3600 * 1000;
  Millis since = now - r.weeks * kWeek;
  std::map<std::tuple<Id, long long, std::string>, std::vector<int>> counts;
  for (const auto& p : reports) {
    if (p.at < since || p.at >= now || (p.building_id == 0 && p.cell == 0)) continue;
    int week = static_cast<int>((p.at - since) / kWeek);
    auto& w = counts[{p.building_id, p.building_id ? 0 : p.cell, p.category}];
    if (w.empty()) w.assign(r.weeks, 0);
    w[std::min(week, r.weeks - 1)]++;
  }
  std::vector<Hotspot> out;
  for (const auto& [key, weekly] : counts) {
    Hotspot h;
    std::tie(h.building_id, h.cell, h.category) = key;
    h.weekly = weekly;
    int active_weeks = 0;
    for (int n : weekly) {
      h.total += n;
      active_weeks += n > 0;
    }
    int last = weekly.back();
    double earlier = r.weeks > 1 ? static_cast<double>(h.total - last) / (r.weeks - 1) : 0.0;
    h.recurring = h.total >= r.min_total && active_weeks >= r.min_weeks;
    h.rising = last >= 2 && last > 1.5 * earlier;
    if (!h.recurring && !h.rising) continue;
    // Next week: the recent pace, at least the weekly average.
    h.expected_next_week = static_cast<int>(
        std::ceil(std::max(static_cast<double>(last), static_cast<double>(h.total) / r.weeks)));
    out.push_back(std::move(h));
  }
  std::sort(out.begin(), out.end(), [](const Hotspot& a, const Hotspot& b) {
    if (a.rising != b.rising) return a.rising;
    return a.total > b.total;
  });
  return out;
}

}  // namespace gridgov::cases
