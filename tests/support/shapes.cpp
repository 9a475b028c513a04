#include "support/shapes.hpp"

#include <boost/json.hpp>

namespace gridgov::testing {

std::pair<double, double> ring_centre(const boost::json::value& collection, std::size_t i) {
  const auto& ring = collection.at("features")
                         .as_array()
                         .at(i)
                         .at("geometry")
                         .at("coordinates")
                         .as_array()[0]
                         .as_array()[0]
                         .as_array();
  double lng = 0, lat = 0;
  const auto corners = static_cast<double>(ring.size() - 1);  // the last closes the ring
  for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
    lng += ring[k].as_array()[0].to_number<double>() / corners;
    lat += ring[k].as_array()[1].to_number<double>() / corners;
  }
  return {lng, lat};
}

}  // namespace gridgov::testing
