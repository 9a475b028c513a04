#include <boost/function_output_iterator.hpp>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <mutex>
#include <unordered_map>

#include "platform/geo/geo.hpp"
#include "platform/geo/shape.hpp"

namespace gridgov::geo {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {
using BoxT = bg::model::box<Point>;
struct Item {
  Id id;
  int rank;
  ShapePtr shape;
  BoxT box;
};
// The tree holds a pointer to the item (map nodes never move), so a hit
// needs no second lookup.
using TreeValue = std::pair<BoxT, const Item*>;
using PointEntry = std::pair<Point, Id>;
}  // namespace

// Point in multi-polygon, boundary included, polygon by polygon: cheaper than
// the generic covered_by on the multi-polygon.
bool covers(const Multi& m, const Point& pt) {
  for (const auto& poly : m) {
    if (bg::covered_by(pt, poly)) return true;
  }
  return false;
}

struct Index::Impl {
  bgi::rtree<TreeValue, bgi::rstar<16>> boxes;
  std::unordered_map<Id, Item> items;
  bgi::rtree<PointEntry, bgi::rstar<16>> points;
  std::unordered_map<Id, Point> point_items;
};

Index::Index() : impl_(std::make_unique<Impl>()) {}
Index::~Index() = default;

void Index::load(std::vector<Entry> entries) {
  std::unordered_map<Id, Item> items;
  items.reserve(entries.size());
  std::vector<TreeValue> values;
  values.reserve(entries.size());
  for (auto& e : entries) {
    BoxT box;
    bg::envelope(e.shape->multi, box);
    auto [it, fresh] = items.insert_or_assign(e.id, Item{e.id, e.rank, std::move(e.shape), box});
    (void)fresh;
  }
  for (const auto& [id, item] : items) values.emplace_back(item.box, &item);
  bgi::rtree<TreeValue, bgi::rstar<16>> packed(values.begin(), values.end());
  std::unique_lock lock(mutex_);
  impl_->items = std::move(items);  // node-based map: the pointers in `packed` stay valid
  impl_->boxes = std::move(packed);
}

void Index::upsert(Id id, int rank, ShapePtr shape) {
  BoxT box;
  bg::envelope(shape->multi, box);
  std::unique_lock lock(mutex_);
  auto it = impl_->items.find(id);
  if (it != impl_->items.end()) {
    impl_->boxes.remove(TreeValue(it->second.box, &it->second));
    impl_->items.erase(it);
  }
  auto [placed, _] = impl_->items.emplace(id, Item{id, rank, std::move(shape), box});
  impl_->boxes.insert(TreeValue(box, &placed->second));
}

void Index::remove(Id id) {
  std::unique_lock lock(mutex_);
  auto it = impl_->items.find(id);
  if (it == impl_->items.end()) return;
  impl_->boxes.remove(TreeValue(it->second.box, &it->second));
  impl_->items.erase(it);
}

std::vector<Id> Index::containing(LngLat p) const {
  Point pt(p.lng, p.lat);
  // Few shapes contain one point (a community, a grid, a micro-grid): keep them on the stack.
  std::pair<int, Id> hits[16];
  std::size_t n = 0;
  {
    std::shared_lock lock(mutex_);
    // Boxes first (the R-tree), then the exact test on the few candidates.
    impl_->boxes.query(bgi::covers(pt),
                       boost::make_function_output_iterator([&](const TreeValue& e) {
                         if (n < std::size(hits) && covers(e.second->shape->multi, pt)) {
                           hits[n++] = {e.second->rank, e.second->id};
                         }
                       }));
  }
  std::sort(hits, hits + n);
  std::vector<Id> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = hits[i].second;
  return out;
}

void Index::upsert_point(Id id, LngLat p) {
  Point pt(p.lng, p.lat);
  std::unique_lock lock(mutex_);
  auto it = impl_->point_items.find(id);
  if (it != impl_->point_items.end()) {
    impl_->points.remove(PointEntry(it->second, id));
    impl_->point_items.erase(it);
  }
  impl_->points.insert(PointEntry(pt, id));
  impl_->point_items.emplace(id, pt);
}

void Index::remove_point(Id id) {
  std::unique_lock lock(mutex_);
  auto it = impl_->point_items.find(id);
  if (it == impl_->point_items.end()) return;
  impl_->points.remove(PointEntry(it->second, id));
  impl_->point_items.erase(it);
}

Id Index::nearest_point(LngLat p, double max_m) const {
  std::shared_lock lock(mutex_);
  for (auto it = impl_->points.qbegin(bgi::nearest(Point(p.lng, p.lat), 1));
       it != impl_->points.qend(); ++it) {
    LngLat q{it->first.get<0>(), it->first.get<1>()};
    return distance_m(p, q) <= max_m ? it->second : 0;
  }
  return 0;
}

std::size_t Index::size() const {
  std::shared_lock lock(mutex_);
  return impl_->items.size();
}

}  // namespace gridgov::geo
