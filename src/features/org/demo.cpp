#include "features/org/demo.hpp"

#include <soci/soci.h>
#include <cmath>
#include <cstdio>

#include "features/org/buildings.hpp"
#include "features/org/departments.hpp"
#include "features/org/divisions.hpp"
#include "features/org/rules.hpp"
#include "features/org/shapes.hpp"
#include "features/org/store.hpp"
#include "platform/auth/audit.hpp"
#include "platform/config/config.hpp"
#include "platform/core/clock.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::org {
namespace {

struct Rect {
  double x0, y0, x1, y1;  // lng/lat
};

struct Scale {
  const char* name;
  int grids_per_community;
  int micro_per_grid;
  int buildings_per_micro;  // 0: none (the large city is for grid-level benchmarks)
};

// Splits `r` into `n` cells, rows north→south, columns west→east.
std::vector<Rect> split(const Rect& r, int n) {
  int cols = static_cast<int>(
      std::ceil(std::sqrt(static_cast<double>(n) * (r.x1 - r.x0) / (r.y1 - r.y0))));
  cols = std::max(1, std::min(cols, n));
  int rows = (n + cols - 1) / cols;
  std::vector<Rect> out;
  double h = (r.y1 - r.y0) / rows;
  for (int row = 0; row < rows && static_cast<int>(out.size()) < n; ++row) {
    int in_row = std::min(cols, n - static_cast<int>(out.size()));
    // The last row stretches its cells so the parent is covered exactly.
    double w = (r.x1 - r.x0) / in_row;
    double top = r.y1 - row * h, bottom = row == rows - 1 ? r.y0 : top - h;
    for (int c = 0; c < in_row; ++c) {
      out.push_back({r.x0 + c * w, bottom, c == in_row - 1 ? r.x1 : r.x0 + (c + 1) * w, top});
    }
  }
  return out;
}

// A stable pseudo-random number from a code, so the demo is the same every run.
unsigned mix(const std::string& code, unsigned salt) {
  unsigned h = 2166136261u ^ salt;
  for (char c : code) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

// Buildings spread over a micro-grid: 6–17 floors, 1–2 units, 2–3 homes a floor
// (about 43 homes a building, so a grid of ten buildings lands near the
// 300–500 household band, some grids above or below it).
Status add_buildings(WriteTx& tx, const tree::Node& micro, const Rect& r, int count, Millis now) {
  auto cells = split(r, count);
  for (int i = 0; i < count; ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "%s%03d", micro.code.c_str(), i + 1);
    unsigned h = mix(code, 7);
    BuildingSpec spec;
    spec.name = std::to_string(i + 1) + "栋";
    spec.lng = (cells[i].x0 + cells[i].x1) / 2;
    spec.lat = (cells[i].y0 + cells[i].y1) / 2;
    spec.floors = 6 + static_cast<int>(h % 12);
    spec.units = 1 + static_cast<int>((h >> 8) % 2);
    spec.houses_per_floor = 2 + static_cast<int>((h >> 12) % 2);
    spec.address = micro.name + spec.name;
    auto b = buildings::create(tx, micro, code, spec, now);
    if (!b) return b.error();
  }
  return {};
}

// The places below `parent` (its departments are not places), by code.
std::vector<tree::Node> child_places(Database& db, Id parent) {
  auto kids = db.read([&](soci::session& s) { return tree::children(s, parent, 10000, ""); });
  std::erase_if(kids, [](const tree::Node& n) { return n.level == tree::kDepartment; });
  return kids;
}

geo::ShapePtr shape_of_rect(const Rect& r) {
  return geo::rectangle(r.x0, r.y0, r.x1, r.y1);
}

class Builder {
 public:
  Builder(Services& svc, Scale scale, Millis now) : svc_(svc), scale_(scale), now_(now) {}

  // Gives `node` the shape `r` (unless it has one), then recurses.
  Status place(const tree::Node& node, const Rect& r) {
    if (node.level == "community") return community(node, r);
    auto kids = child_places(svc_.db, node.id);
    Status st = svc_.db.write([&](WriteTx& tx) -> Status {
      if (!store::shape_of(tx.sql, node.id)) store::put_shape(tx, node, *shape_of_rect(r), 0, now_);
      return {};
    });
    if (!st) return st;
    auto cells = split(r, static_cast<int>(kids.size()));
    for (std::size_t i = 0; i < kids.size(); ++i) {
      if (auto s = place(kids[i], cells[i]); !s) return s;
    }
    return {};
  }

  int communities() const { return communities_; }
  int grids() const { return grids_; }

 private:
  // One write per community: its outline, its grids and micro-grids.
  Status community(const tree::Node& c, const Rect& r) {
    ++communities_;
    if (communities_ % 50 == 0)
      std::fprintf(stderr, "\r  网格 grids: %d communities, %d grids", communities_, grids_);
    return svc_.db.write([&](WriteTx& tx) -> Status {
      if (!store::shape_of(tx.sql, c.id)) store::put_shape(tx, c, *shape_of_rect(r), 0, now_);
      auto grid_cells = split(r, scale_.grids_per_community);
      for (int g = 0; g < scale_.grids_per_community; ++g) {
        char code[32];
        std::snprintf(code, sizeof code, "%s%03d", c.code.c_str(), g + 1);
        auto grid = tree::get_by_code(tx.sql, code);
        if (!grid) {
          auto made = tree::insert_child(
              tx, c, {code, "第" + std::to_string(g + 1) + "网格", "grid"}, now_);
          if (!made) return made.error();
          grid = *made;
          store::put_profile(tx, *grid, GridProfile{}, now_);
          store::put_shape(tx, *grid, *shape_of_rect(grid_cells[g]), 0, now_);
          ++grids_;
        }
        auto micro_cells = split(grid_cells[g], scale_.micro_per_grid);
        for (int m = 0; m < scale_.micro_per_grid; ++m) {
          char mcode[32];
          std::snprintf(mcode, sizeof mcode, "%s%02d", code, m + 1);
          if (tree::get_by_code(tx.sql, mcode)) continue;
          auto micro = tree::insert_child(
              tx, *grid,
              {mcode, "第" + std::to_string(g + 1) + "网格第" + std::to_string(m + 1) + "微网格",
               "microgrid"},
              now_);
          if (!micro) return micro.error();
          store::put_profile(tx, *micro, GridProfile{}, now_);
          store::put_shape(tx, *micro, *shape_of_rect(micro_cells[m]), 0, now_);
          if (scale_.buildings_per_micro > 0) {
            if (auto st =
                    add_buildings(tx, *micro, micro_cells[m], scale_.buildings_per_micro, now_);
                !st)
              return st;
          }
        }
      }
      return {};
    });
  }

  Services& svc_;
  Scale scale_;
  Millis now_;
  int communities_ = 0, grids_ = 0;
};

std::optional<tree::Node> first_child(Database& db, const tree::Node& parent) {
  auto kids = child_places(db, parent.id);
  if (kids.empty()) return std::nullopt;
  return kids.front();
}

// The sample district's bureaus and the sample street's offices (once).
Status add_demo_departments(Database& db, const DemoSample& sample, Millis now) {
  return db.write([&](WriteTx& tx) -> Status {
    if (tree::count_active(tx.sql, sample.district.path, tree::kDepartment) > 0) return {};
    for (const auto& name : demo_district_departments()) {
      if (auto d = add_department(tx, sample.district, name, now); !d) return d.error();
    }
    for (const auto& name : demo_street_departments()) {
      auto d = add_department(tx, sample.street, sample.street.name + name, now);
      if (!d) return d.error();
    }
    return {};
  });
}

}  // namespace

Result<DemoSample> demo_sample(Database& db, const std::string& city_code) {
  auto city =
      db.read([&](soci::session& s) { return tree::get_by_code(s, city_code + "00000000"); });
  if (!city)
    return Error::invalid("city", "城市代码不存在: " + city_code, "No such city: " + city_code);
  auto district = first_child(db, *city);
  auto street = district ? first_child(db, *district) : std::nullopt;
  auto community = street ? first_child(db, *street) : std::nullopt;
  if (!community) {
    return Error::invalid("city", "该城市没有区县、街道或社区",
                          "The city has no district, street or community");
  }
  auto grid = first_child(db, *community);
  auto micro = grid ? first_child(db, *grid) : std::nullopt;
  auto building = micro ? first_child(db, *micro) : std::nullopt;
  return DemoSample{*city, *district, *street, *community, grid, building};
}

Status build_demo(Services& svc, const DemoOptions& options) {
  Millis now = svc.clock.now_ms();
  auto counts = import_divisions(svc.db, svc.config.str("divisions.dir"), options.city, now,
                                 [](const std::string& level, int done, int total) {
                                   std::fprintf(stderr, "\r  区划 divisions %-10s %7d/%-7d",
                                                level.c_str(), done, total);
                                 });
  std::fprintf(stderr, "\n");
  if (!counts) return counts.error();
  auto sample = demo_sample(svc.db, options.city);
  if (!sample) return sample.error();

  // The sample and its extent: a street ~2 km across, a district ~12 km, the city ~55 km,
  // centred on the city's old core (Wuhan: around 114.30 E, 30.59 N).
  Scale scale{"large", 6, 2, 0};
  tree::Node root = sample->city;
  Rect extent{114.02, 30.34, 114.58, 30.84};
  if (options.scale == "medium") {
    scale = {"medium", 3, 2, 5};
    root = sample->district;
    extent = {114.24, 30.54, 114.36, 30.64};
  } else if (options.scale == "small") {
    scale = {"small", 3, 2, 5};
    root = sample->street;
    extent = {114.275, 30.580, 114.295, 30.596};
  }
  Builder builder(svc, scale, now);
  if (auto st = builder.place(root, extent); !st) return st;
  std::fprintf(stderr, "\r  网格 grids: %d communities, %d new grids            \n",
               builder.communities(), builder.grids());
  if (auto st = add_demo_departments(svc.db, *sample, now); !st) return st;
  (void)svc.db.write([&](WriteTx& tx) -> Status {
    audit::append(tx, system_actor("demo"),
                  {"demo.build", "node", id_to_string(root.id), root.path, root.district_code,
                   "{\"scale\":\"" + options.scale + "\"}"},
                  now);
    return {};
  });
  return {};
}

}  // namespace gridgov::org
