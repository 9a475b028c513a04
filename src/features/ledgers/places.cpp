#include "features/ledgers/places.hpp"

#include <soci/soci.h>

#include <vector>

#include "platform/db/rows.hpp"

namespace gridgov::ledgers {

std::optional<std::tuple<int, int, int>> parse_house(std::string_view text) {
  std::vector<std::string> groups(1);
  for (char c : text) {
    if (c >= '0' && c <= '9')
      groups.back() += c;
    else if (!groups.back().empty())
      groups.emplace_back();
  }
  if (groups.back().empty()) groups.pop_back();
  for (const auto& g : groups)
    if (g.size() > 6) return std::nullopt;
  auto n = [&](std::size_t i) { return std::atoi(groups[i].c_str()); };
  if (groups.size() == 3) return std::tuple{n(0), n(1), n(2)};
  // 2-301: the last group is floor and room (room = the last two digits).
  if (groups.size() == 2 && groups[1].size() >= 3) return std::tuple{n(0), n(1) / 100, n(1) % 100};
  if (groups.size() == 1 && groups[0].size() >= 3) return std::tuple{1, n(0) / 100, n(0) % 100};
  return std::nullopt;
}

Result<const tree::Node*> Places::building(std::string_view code, std::string_view name) {
  auto outside = [&](const char* field) {
    return Error::invalid(field, "楼栋不在导入范围内或无权修改",
                          "The building is outside the import's scope or your rights");
  };
  if (!code.empty()) {
    auto it = by_code_.find(code);
    if (it == by_code_.end()) {
      auto n = ctx_.svc.db.read(
          [&](soci::session& s) { return tree::get_by_code(s, std::string(code)); });
      if (n && (n->level != "building" || n->status != "active")) n.reset();
      it = by_code_.emplace(std::string(code), n).first;
    }
    if (!it->second)
      return Error::invalid("building_code", "楼栋编码不存在: " + std::string(code),
                            "No such building code: " + std::string(code));
    if (!ctx_.may(it->second->path)) return outside("building_code");
    return &*it->second;
  }
  if (name.empty())
    return Error::invalid("building_code", "须填写楼栋编码或楼栋名称",
                          "Give the building's code or name");
  auto it = by_name_.find(name);
  if (it == by_name_.end()) {
    std::string n(name), prefix = ctx_.scope.path + "%";
    auto ids = ctx_.svc.db.read([&](soci::session& s) {
      return db::select_rows<db::One<Id>>(
          s,
          "SELECT id FROM nodes WHERE level = 'building' AND status = 'active' AND name = :n"
          " AND path LIKE :p ORDER BY id LIMIT 2",
          [&](soci::statement& st) {
            st.exchange(soci::use(n, "n"));
            st.exchange(soci::use(prefix, "p"));
          });
    });
    std::optional<tree::Node> node;
    if (ids.size() == 1)
      node = ctx_.svc.db.read([&](soci::session& s) { return tree::get(s, ids[0]); });
    name_count_[n] = static_cast<int>(ids.size());
    it = by_name_.emplace(n, node).first;
  }
  if (!it->second) {
    if (name_count_[std::string(name)] > 1)
      return Error::invalid("building_name", "楼栋名称在导入范围内不唯一，请填写楼栋编码",
                            "Several buildings have that name here; give the code");
    return Error::invalid("building_name", "导入范围内没有该楼栋: " + std::string(name),
                          "No building of that name here: " + std::string(name));
  }
  if (!ctx_.may(it->second->path)) return outside("building_name");
  return &*it->second;
}

Result<org::House> Places::house(const tree::Node& building, std::string_view text) {
  auto where = parse_house(text);
  if (!where)
    return Error::invalid("house", "房号格式不正确（如 2-301、2-3-01）",
                          "Bad house number (e.g. 2-301 or 2-3-01)");
  auto it = houses_.find(building.id);
  if (it == houses_.end()) {
    auto list = ctx_.svc.db.read(
        [&](soci::session& s) { return org::buildings::houses(s, building.id, 100000, 0); });
    std::map<std::tuple<int, int, int>, org::House> by_place;
    for (auto& h : list) by_place[{h.unit, h.floor, h.room}] = h;
    it = houses_.emplace(building.id, std::move(by_place)).first;
  }
  auto h = it->second.find(*where);
  if (h == it->second.end())
    return Error::invalid("house", building.name + " 没有房号 " + std::string(text),
                          building.name + " has no house " + std::string(text));
  return h->second;
}

Result<Places::At> Places::locate(const Header& header, const std::vector<std::string>& row) {
  auto b = building(header.get(row, "building_code"), header.get(row, "building_name"));
  if (!b) return b.error();
  auto h = house(**b, header.get(row, "house"));
  if (!h) return h.error();
  return At{*b, *h};
}

}  // namespace gridgov::ledgers
