#pragma once
// Points inside the demo's shapes, for tests that place things in a grid.
#include <boost/json/value.hpp>
#include <cstddef>
#include <utility>

namespace gridgov::testing {

// The centre (lng, lat) of feature `i` of a GeoJSON FeatureCollection, by averaging
// its outer ring's corners: well inside the demo's rectangles.
std::pair<double, double> ring_centre(const boost::json::value& collection, std::size_t i = 0);

}  // namespace gridgov::testing
