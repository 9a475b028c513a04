#include "features/org/rules.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace gridgov::org {

const std::vector<std::string>& dedicated_kinds() {
  static const std::vector<std::string> kinds = {"organ", "park", "hospital", "school",
                                                 "enterprise"};
  return kinds;
}

std::string dedicated_kind_zh(const std::string& kind) {
  static const char* zh[] = {"机关", "园区", "医院", "学校", "企业"};
  const auto& k = dedicated_kinds();
  auto it = std::find(k.begin(), k.end(), kind);
  return it == k.end() ? kind : zh[it - k.begin()];
}

Status check_placement(const tree::Node& node, const geo::Shape& shape, const StoredShape* parent,
                       const std::vector<std::pair<tree::Node, StoredShape>>& siblings,
                       const std::vector<std::pair<tree::Node, StoredShape>>& children) {
  if (parent) {
    double outside = geo::outside_m2(shape, *parent->shape);
    if (outside > kToleranceM2) {
      return Error::invalid(
          "geometry", fmt::format("图形有 {:.0f} 平方米超出上级区域", outside),
          fmt::format("{:.0f} m² of the shape lie outside the parent's area", outside));
    }
  }
  for (const auto& [sibling, stored] : siblings) {
    if (sibling.id == node.id || sibling.status != "active") continue;
    double overlap = geo::overlap_m2(shape, *stored.shape);
    if (overlap > kToleranceM2) {
      return Error::invalid(
          "geometry",
          fmt::format("与「{}」（{}）重叠 {:.0f} 平方米", sibling.name, sibling.code, overlap),
          fmt::format("Overlaps {} ({}) by {:.0f} m²", sibling.name, sibling.code, overlap));
    }
  }
  for (const auto& [child, stored] : children) {
    if (child.status != "active") continue;
    double outside = geo::outside_m2(*stored.shape, shape);
    if (outside > kToleranceM2) {
      return Error::invalid(
          "geometry",
          fmt::format("下级「{}」将有 {:.0f} 平方米落在新图形之外", child.name, outside),
          fmt::format("{:.0f} m² of the child {} would fall outside the new shape", outside,
                      child.name));
    }
  }
  return {};
}

Status check_profile(const GridProfile& p) {
  if (p.grid_type == "comprehensive") {
    if (!p.dedicated_kind.empty()) {
      return Error::invalid("dedicated_kind", "综合网格不设专属类别",
                            "A comprehensive grid has no dedicated kind");
    }
    return {};
  }
  if (p.grid_type != "dedicated") {
    return Error::invalid("grid_type", "网格类型须为 comprehensive（综合）或 dedicated（专属）",
                          "grid_type must be comprehensive or dedicated");
  }
  const auto& k = dedicated_kinds();
  if (std::find(k.begin(), k.end(), p.dedicated_kind) == k.end()) {
    return Error::invalid(
        "dedicated_kind",
        "专属网格类别须为 "
        "organ（机关）、park（园区）、hospital（医院）、school（学校）、enterprise（企业）之一",
        "dedicated_kind must be one of organ, park, hospital, school, enterprise");
  }
  return {};
}

std::string child_grid_level(const tree::Node& parent) {
  if (parent.level == "community") return "grid";
  if (parent.level == "grid") return "microgrid";
  return {};
}

Result<std::string> next_code(const tree::Node& parent, const std::string& level,
                              const std::vector<std::string>& issued) {
  // grid +3, micro-grid +2, building +3, department +2
  int digits = level == "microgrid" || level == tree::kDepartment ? 2 : 3;
  int highest = 0;
  for (const auto& code : issued) {
    if (code.size() != parent.code.size() + digits || code.rfind(parent.code, 0) != 0) continue;
    highest = std::max(highest, std::atoi(code.c_str() + parent.code.size()));
  }
  int next = highest + 1;
  if (next >= (digits == 3 ? 1000 : 100)) {
    return Error::invalid("parent_id", "该上级下的编号已用完", "No codes left under this parent");
  }
  return parent.code + fmt::format("{:0{}d}", next, digits);
}

}  // namespace gridgov::org
