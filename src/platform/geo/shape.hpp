#pragma once
// The Boost.Geometry representation behind geo::Shape. Included only by the
// geo translation units (Boost.Geometry is heavy to compile).
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include "platform/geo/geo.hpp"

namespace gridgov::geo {

// Cartesian on degrees: exact for containment at city scale; areas are
// converted to square metres with a local projection.
using Point = boost::geometry::model::point<double, 2, boost::geometry::cs::cartesian>;
using Poly = boost::geometry::model::polygon<Point>;  // clockwise, closed
using Ring = Poly::ring_type;
using Multi = boost::geometry::model::multi_polygon<Poly>;

struct Shape {
  Multi multi;
};

}  // namespace gridgov::geo
