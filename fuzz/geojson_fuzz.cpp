// GeoJSON shapes as uploaded for grids: parsed and validated, or refused.
#include <cstddef>
#include <cstdint>
#include <string>

#include "platform/geo/geo.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto shape = gridgov::geo::parse(std::string(reinterpret_cast<const char*>(data), size));
  if (!shape) return 0;
  // What the server computes of every accepted shape.
  if (gridgov::geo::area_m2(**shape) < 0) __builtin_trap();
  (void)gridgov::geo::bounds(**shape);
  (void)gridgov::geo::centroid(**shape);
  (void)gridgov::geo::to_geojson(**shape);
  return 0;
}
