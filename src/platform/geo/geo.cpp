#include "platform/geo/geo.hpp"

#include <boost/geometry.hpp>
#include <boost/json.hpp>
#include <cmath>
#include <sstream>

#include "platform/geo/shape.hpp"

namespace gridgov::geo {
namespace bg = boost::geometry;
namespace json = boost::json;

namespace {
constexpr double kEarthRadius = 6371008.8;
constexpr double kPi = 3.14159265358979323846;

Error bad(const std::string& zh, const std::string& en) {
  return Error::invalid("geometry", "图形无效：" + zh, "Invalid geometry: " + en);
}

Result<Ring> parse_ring(const json::value& v, bool outer) {
  if (!v.is_array()) return bad("环须为坐标数组", "a ring must be an array of positions");
  const auto& arr = v.as_array();
  if (arr.size() < 4)
    return bad("每个环至少 4 个点（首尾相同）", "a ring needs at least 4 positions");
  Ring ring;
  for (const auto& p : arr) {
    if (!p.is_array() || p.as_array().size() < 2)
      return bad("坐标须为 [经度, 纬度]", "a position is [lng, lat]");
    const auto& xy = p.as_array();
    if (!xy[0].is_number() || !xy[1].is_number())
      return bad("坐标须为数字", "coordinates must be numbers");
    double lng = xy[0].to_number<double>(), lat = xy[1].to_number<double>();
    if (!std::isfinite(lng) || !std::isfinite(lat) || lng < -180 || lng > 180 || lat < -90 ||
        lat > 90) {
      return bad("坐标超出 WGS84 范围", "a coordinate is outside WGS84 bounds");
    }
    ring.push_back(Point(lng, lat));
  }
  if (!bg::equals(ring.front(), ring.back()))
    return bad("环未闭合（首尾点须相同）", "a ring is not closed");
  (void)outer;
  return ring;
}

Result<Poly> parse_polygon(const json::value& v) {
  if (!v.is_array() || v.as_array().empty())
    return bad("多边形须包含至少一个环", "a polygon needs a ring");
  Poly poly;
  const auto& rings = v.as_array();
  for (std::size_t i = 0; i < rings.size(); ++i) {
    auto r = parse_ring(rings[i], i == 0);
    if (!r) return r.error();
    if (i == 0)
      poly.outer() = std::move(*r);
    else
      poly.inners().push_back(std::move(*r));
  }
  return poly;
}

std::string validity_reason(const Multi& m) {
  std::string reason;
  if (bg::is_valid(m, reason)) return {};
  return reason;
}

// Metres per degree around a latitude: an equirectangular projection is
// accurate to well under 1 % across a city.
struct Projection {
  double kx, ky;
  explicit Projection(double lat) {
    ky = kPi / 180.0 * kEarthRadius;
    kx = ky * std::cos(lat * kPi / 180.0);
  }
};

double degrees_area(const Multi& m) {
  return std::fabs(bg::area(m));
}
double to_m2(double deg2, double lat) {
  Projection p(lat);
  return deg2 * p.kx * p.ky;
}
}  // namespace

Result<ShapePtr> parse(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return bad("不是有效的 GeoJSON", "not valid GeoJSON");
  if (v.is_object() && v.as_object().contains("type") && v.at("type") == "Feature") {
    if (!v.as_object().contains("geometry"))
      return bad("Feature 缺少 geometry", "Feature without geometry");
    v = v.at("geometry");
  }
  if (!v.is_object() || !v.as_object().contains("type") || !v.as_object().contains("coordinates")) {
    return bad("须为 Polygon 或 MultiPolygon", "must be a Polygon or MultiPolygon");
  }
  auto shape = std::make_shared<Shape>();
  const auto& type = v.at("type");
  if (type == "Polygon") {
    auto p = parse_polygon(v.at("coordinates"));
    if (!p) return p.error();
    shape->multi.push_back(std::move(*p));
  } else if (type == "MultiPolygon") {
    if (!v.at("coordinates").is_array() || v.at("coordinates").as_array().empty()) {
      return bad("MultiPolygon 为空", "empty MultiPolygon");
    }
    for (const auto& pv : v.at("coordinates").as_array()) {
      auto p = parse_polygon(pv);
      if (!p) return p.error();
      shape->multi.push_back(std::move(*p));
    }
  } else {
    return bad("须为 Polygon 或 MultiPolygon", "must be a Polygon or MultiPolygon");
  }
  // GeoJSON allows either winding; Boost wants one. Orientation only, never shape.
  bg::correct(shape->multi);
  std::string reason = validity_reason(shape->multi);
  if (!reason.empty()) return bad("几何不合法（" + reason + "）", reason);
  if (degrees_area(shape->multi) <= 0) return bad("面积为零", "zero area");
  return ShapePtr(shape);
}

std::string to_geojson(const Shape& shape) {
  json::array polys;
  for (const auto& p : shape.multi) {
    json::array rings;
    auto ring_json = [](const Ring& r) {
      json::array pts;
      for (const auto& pt : r) pts.push_back(json::array{pt.get<0>(), pt.get<1>()});
      return pts;
    };
    rings.push_back(ring_json(p.outer()));
    for (const auto& in : p.inners()) rings.push_back(ring_json(in));
    polys.push_back(std::move(rings));
  }
  return json::serialize(json::object{{"type", "MultiPolygon"}, {"coordinates", std::move(polys)}});
}

Box bounds(const Shape& shape) {
  bg::model::box<Point> b;
  bg::envelope(shape.multi, b);
  return {b.min_corner().get<0>(), b.min_corner().get<1>(), b.max_corner().get<0>(),
          b.max_corner().get<1>()};
}

LngLat centroid(const Shape& shape) {
  Point c;
  bg::centroid(shape.multi, c);
  return {c.get<0>(), c.get<1>()};
}

double area_m2(const Shape& shape) {
  return to_m2(degrees_area(shape.multi), centroid(shape).lat);
}

double outside_m2(const Shape& inner, const Shape& outer) {
  Multi diff;
  bg::difference(inner.multi, outer.multi, diff);
  return to_m2(degrees_area(diff), centroid(inner).lat);
}

double overlap_m2(const Shape& a, const Shape& b) {
  if (!bg::intersects(a.multi, b.multi)) return 0;
  Multi common;
  bg::intersection(a.multi, b.multi, common);
  return to_m2(degrees_area(common), centroid(a).lat);
}

bool contains(const Shape& shape, LngLat p) {
  return bg::covered_by(Point(p.lng, p.lat), shape.multi);
}

double distance_m(LngLat a, LngLat b) {
  double dlat = (b.lat - a.lat) * kPi / 180, dlng = (b.lng - a.lng) * kPi / 180;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.lat * kPi / 180) *
                                                           std::cos(b.lat * kPi / 180) *
                                                           std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

ShapePtr rectangle(double min_lng, double min_lat, double max_lng, double max_lat) {
  auto s = std::make_shared<Shape>();
  Poly p;
  p.outer() = {Point(min_lng, min_lat), Point(min_lng, max_lat), Point(max_lng, max_lat),
               Point(max_lng, min_lat), Point(min_lng, min_lat)};
  bg::correct(p);
  s->multi.push_back(std::move(p));
  return s;
}

}  // namespace gridgov::geo
