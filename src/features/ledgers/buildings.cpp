// The buildings ledger: new buildings under micro-grids, their houses
// generated from the layout, exactly as POST /api/v1/buildings makes them.
#include <soci/soci.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "features/ledgers/checks.hpp"
#include "features/ledgers/kinds.hpp"
#include "features/org/api.hpp"
#include "features/org/buildings.hpp"
#include "features/org/rules.hpp"
#include "features/org/shapes.hpp"
#include "platform/db/rows.hpp"
#include "platform/geo/geo.hpp"
#include "platform/text/text.hpp"

namespace gridgov::ledgers {
namespace {

const std::vector<std::pair<std::string, std::string>>& use_names() {
  static const std::vector<std::pair<std::string, std::string>> u = {{"residential", "住宅"},
                                                                     {"commercial", "商业"},
                                                                     {"mixed", "商住"},
                                                                     {"office", "办公"},
                                                                     {"public", "公共"}};
  return u;
}

struct NewBuilding {
  const tree::Node* microgrid;
  org::BuildingSpec spec;
};

class BuildingsPlan : public Plan {
 public:
  std::map<std::string, tree::Node> microgrids;  // by code (stable addresses)
  std::vector<NewBuilding> rows_;
  std::vector<std::pair<Id, geo::LngLat>> created;
  Context* ctx = nullptr;

  long rows() const override { return static_cast<long>(rows_.size()); }
  Status write(WriteTx& tx, Progress& progress, const std::atomic<bool>& stopping) override {
    std::map<Id, std::vector<std::string>> issued;
    for (const auto& b : rows_) {
      if (stopping)
        return Error::unavailable("服务正在停止，导入已撤销",
                                  "The server is stopping; the import was undone");
      auto& codes = issued[b.microgrid->id];
      if (codes.empty()) codes = org::codes_issued_under(tx.sql, b.microgrid->id);
      auto code = org::next_code(*b.microgrid, "building", codes);
      if (!code) return code.error();
      codes.push_back(*code);
      auto made = org::buildings::create(tx, *b.microgrid, *code, b.spec, ctx->now);
      if (!made) return made.error();
      created.push_back({made->node.id, {b.spec.lng, b.spec.lat}});
      ++progress.written;
    }
    return {};
  }
  void committed(Services&) override {
    for (const auto& [id, at] : created) org::shape_index().upsert_point(id, at);
  }
};

Result<double> degrees(std::string_view v, const char* field, double lo, double hi) {
  char* end = nullptr;
  std::string s(v);
  double d = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || d < lo || d > hi)
    return Error::invalid(field, "须为数字（度）", "Must be a number of degrees");
  return d;
}

Result<int> whole(std::string_view v, const char* field, int lo, int hi, int fallback) {
  if (v.empty()) return fallback;
  if (!text::all_digits(v) || v.size() > 4 || std::atoi(std::string(v).c_str()) < lo ||
      std::atoi(std::string(v).c_str()) > hi) {
    return Error::invalid(
        field, "须为 " + std::to_string(lo) + "–" + std::to_string(hi) + " 的整数",
        "Must be a whole number " + std::to_string(lo) + "–" + std::to_string(hi));
  }
  return std::atoi(std::string(v).c_str());
}

}  // namespace

std::unique_ptr<Plan> check_buildings(Context& ctx, table::Reader& rows, const Header& header,
                                      Errors& errors, Progress& progress) {
  auto plan = std::make_unique<BuildingsPlan>();
  plan->ctx = &ctx;
  std::map<std::string, std::optional<tree::Node>> found;
  std::map<Id, std::optional<org::StoredShape>> shapes;
  std::map<Id, std::set<std::string>> names;  // taken, per micro-grid
  each_row(ctx, rows, header, errors, progress, [&](int, const auto& row) -> Status {
    std::string code(header.get(row, "microgrid_code"));
    if (!found.contains(code)) {
      auto n = ctx.svc.db.read([&](soci::session& s) { return tree::get_by_code(s, code); });
      if (n && (n->level != "microgrid" || n->status != "active")) n.reset();
      found[code] = n;
    }
    const auto& mg = found[code];
    if (!mg) {
      return Error::invalid("microgrid_code", "微网格编码不存在: " + code,
                            "No such micro-grid code: " + code);
    }
    if (!ctx.may(mg->path)) {
      return Error::invalid("microgrid_code", "微网格不在导入范围内或无权修改",
                            "The micro-grid is outside the import's scope or your rights");
    }
    org::BuildingSpec spec;
    spec.name = text::trim(header.get(row, "name"));
    if (spec.name.empty() || text::length(spec.name) > 64) {
      return Error::invalid("name", "楼栋名称须为 1–64 个字", "name: 1–64 characters");
    }
    auto lng = degrees(header.get(row, "lng"), "lng", 73, 136);
    auto lat = degrees(header.get(row, "lat"), "lat", 3, 54);
    auto floors = whole(header.get(row, "floors"), "floors", 1, 200, 0);
    auto units = whole(header.get(row, "units"), "units", 1, 50, 1);
    auto per_floor = whole(header.get(row, "houses_per_floor"), "houses_per_floor", 0, 20, 2);
    if (!lng) return lng.error();
    if (!lat) return lat.error();
    if (!floors) return floors.error();
    if (!units) return units.error();
    if (!per_floor) return per_floor.error();
    if (*floors == 0) {
      return Error::invalid("floors", "须填写层数", "floors is required");
    }
    spec.lng = *lng;
    spec.lat = *lat;
    spec.floors = *floors;
    spec.units = *units;
    spec.houses_per_floor = *per_floor;
    std::string_view use = header.get(row, "use");
    spec.use = use.empty() ? "residential" : choice(use_names(), use);
    if (spec.use.empty()) {
      return Error::invalid("use", "用途须为 住宅/商业/商住/办公/公共",
                            "use: residential, commercial, mixed, office or public");
    }
    spec.address = text::trim(header.get(row, "address"));
    if (text::length(spec.address) > 200) {
      return Error::invalid("address", "地址至多 200 字", "address: at most 200 characters");
    }
    if (auto st = org::check_building(spec); !st) {
      return st.error();
    }
    if (!shapes.contains(mg->id))
      shapes[mg->id] =
          ctx.svc.db.read([&](soci::session& s) { return org::stored_shape(s, mg->id); });
    if (const auto& shape = shapes[mg->id];
        shape && !geo::contains(*shape->shape, {spec.lng, spec.lat})) {
      return Error::invalid("lng", "楼栋位置不在「" + mg->name + "」范围内",
                            "The location lies outside the micro-grid " + mg->name);
    }
    if (!names.contains(mg->id)) {
      Id parent = mg->id;
      auto taken = ctx.svc.db.read([&](soci::session& s) {
        return db::select_rows<db::One<std::string>>(
            s, "SELECT name FROM nodes WHERE parent_id = :p AND level = 'building'",
            [&](soci::statement& st) { st.exchange(soci::use(parent, "p")); });
      });
      names[mg->id] = std::set<std::string>(taken.begin(), taken.end());
    }
    if (!names[mg->id].insert(spec.name).second) {
      return Error::invalid("name", "「" + mg->name + "」已有楼栋「" + spec.name + "」",
                            "The micro-grid already has a building named " + spec.name);
    }
    auto& kept = plan->microgrids.try_emplace(code, *mg).first->second;
    plan->rows_.push_back({&kept, spec});
    return {};
  });
  return plan;
}

}  // namespace gridgov::ledgers
