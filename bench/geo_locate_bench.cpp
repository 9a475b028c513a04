// Point → grid lookups over 100,000 grid polygons tiling a city-sized area
// (about 60 km × 60 km, each grid ~190 m × 190 m with an irregular 12-point
// outline so the exact test is not trivially a box), plus their 1,000
// community polygons. Run: build/bench/geo_locate_bench
// The "items_per_second" column is lookups per second on one core.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>

#include "platform/geo/geo.hpp"

using namespace gridgov;

namespace {
constexpr int kSide = 316;  // 316² ≈ 100,000 grids
constexpr double kLng0 = 114.0, kLat0 = 30.3, kStep = 0.002;

// A 12-point outline inside the cell: corners plus jittered edge midpoints.
std::string cell_polygon(int i, int j) {
  double x0 = kLng0 + i * kStep, y0 = kLat0 + j * kStep, x1 = x0 + kStep, y1 = y0 + kStep;
  double q = kStep / 4;
  char buf[1024];
  std::snprintf(
      buf, sizeof buf,
      R"({"type":"Polygon","coordinates":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],)"
      R"([%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],)"
      R"([%.6f,%.6f],[%.6f,%.6f]]]})",
      x0, y0, x0 + q, y0 + q / 8, x0 + 2 * q, y0, x0 + 3 * q, y0 + q / 8, x1, y0, x1 - q / 8,
      y0 + 2 * q, x1, y1, x0 + 3 * q, y1 - q / 8, x0 + 2 * q, y1, x0 + q, y1 - q / 8, x0, y1,
      x0 + q / 8, y0 + 2 * q, x0, y0);
  return buf;
}

geo::Index& city_index() {
  static geo::Index& index = *[] {
    auto* made = new geo::Index();  // lives for the whole run
    std::vector<geo::Index::Entry> entries;
    Id id = 1;
    for (int i = 0; i < kSide; ++i)
      for (int j = 0; j < kSide; ++j) entries.push_back({id++, 6, *geo::parse(cell_polygon(i, j))});
    for (int i = 0; i < kSide; i += 10)  // communities: 10 × 10 grids each
      for (int j = 0; j < kSide; j += 10)
        entries.push_back({id++, 5,
                           geo::rectangle(kLng0 + i * kStep, kLat0 + j * kStep,
                                          kLng0 + std::min(kSide, i + 10) * kStep,
                                          kLat0 + std::min(kSide, j + 10) * kStep)});
    made->load(std::move(entries));  // as the server does at start-up
    return made;
  }();
  return index;
}

void BM_LocatePoint(benchmark::State& state) {
  geo::Index& index = city_index();
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> lng(kLng0, kLng0 + kSide * kStep),
      lat(kLat0, kLat0 + kSide * kStep);
  std::vector<geo::LngLat> points(4096);
  for (auto& p : points) p = {lng(rng), lat(rng)};
  std::size_t i = 0, found = 0;
  for (auto _ : state) {
    auto hits = index.containing(points[i++ & 4095]);
    found += !hits.empty();
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["found_share"] =
      static_cast<double>(found) / static_cast<double>(state.iterations());
  state.counters["shapes"] = static_cast<double>(index.size());
}
BENCHMARK(BM_LocatePoint)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
