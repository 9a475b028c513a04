#include "features/ledgers/kinds.hpp"

#include "features/ledgers/checks.hpp"
#include "platform/text/text.hpp"

namespace gridgov::ledgers {

namespace {
// Where a house is: the columns the houses and residents ledgers begin with.
std::vector<Column> with_place(std::vector<Column> rest) {
  std::vector<Column> out = {
      {"building_code", "楼栋编码", "building_code", false, "420102001001001001001",
       "楼栋编码与楼栋名称填一项", "The building's code, or its name"},
      {"building_name", "楼栋名称", "building_name", false, "3栋", "在导入范围内唯一时可只填名称",
       "Enough when unique in the import's scope"},
      {"house", "房号", "house", true, "2-301", "单元-楼层房号，如 2-301、2单元301、2-3-01",
       "unit-floor+room, e.g. 2-301 or 2-3-01"}};
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}
}  // namespace

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> k = {
      {"buildings",
       "楼栋台账",
       "Buildings",
       "node.write",
       {{"microgrid_code", "微网格编码", "microgrid_code", true, "420102001001001001",
         "楼栋所在微网格的编码（见网格树）", "Code of the micro-grid the building stands in"},
        {"name", "楼栋名称", "name", true, "3栋", "同一微网格内不重名",
         "Unique within the micro-grid"},
        {"lng", "经度", "lng", true, "114.30512", "WGS-84 度数，须在微网格范围内",
         "WGS-84 degrees, inside the micro-grid"},
        {"lat", "纬度", "lat", true, "30.59321", "WGS-84 度数", "WGS-84 degrees"},
        {"floors", "层数", "floors", true, "18", "1–200", "1–200"},
        {"units", "单元数", "units", false, "2", "1–50，默认 1", "1–50, default 1"},
        {"houses_per_floor", "每层户数", "houses_per_floor", false, "4",
         "每单元每层，0–20，默认 2；按此生成房屋", "Per unit and floor, 0–20, default 2"},
        {"use", "用途", "use", false, "住宅", "住宅/商业/商住/办公/公共，默认住宅",
         "residential/commercial/mixed/office/public"},
        {"address", "地址", "address", false, "和平大道 88 号", "", ""}},
       check_buildings},
      {"houses", "房屋台账", "Houses", "person.write",
       with_place({{"use", "房屋用途", "use", true, "出租", "自住/出租/空置/商用",
                    "owner_occupied/rented/vacant/commercial"},
                   {"rooms", "房间数", "rooms", false, "3", "1–50，出租房屋按此评级",
                    "1–50; rentals are graded by it"}}),
       check_houses},
      {"residents", "实有人口台账", "Residents", "person.write",
       with_place({{"name", "姓名", "name", true, "张三", "", ""},
                   {"identity_number", "身份证号", "identity_number", false, "42010219900307001X",
                    "18 位；请设为文本格式。同一号码只能登记一次",
                    "18 characters, as text; each number registered once"},
                   {"phone", "联系电话", "phone", false, "13800138000", "手机 11 位或带区号的座机",
                    "Mobile (11 digits) or landline with area code"},
                   {"sex", "性别", "sex", false, "男", "无身份证号时填写：男/女",
                    "Without an identity number"},
                   {"birth_date", "出生日期", "birth_date", false, "1990-03-07",
                    "无身份证号时填写，如 1990-03-07", "Without an identity number"},
                   {"relation", "与户主关系", "relation", false, "户主",
                    "户主/配偶/子女/父母/孙辈/兄弟姐妹/租户/其他；同户首人默认为户主",
                    "head/spouse/child/parent/grandchild/sibling/tenant/other"},
                   {"residence", "居住类型", "residence", false, "人户一致",
                    "人户一致/户在人不在/人在户不在，默认人户一致", "both/registered/resident"},
                   {"party_member", "党员", "party_member", false, "否", "是/否", "yes/no"},
                   {"tags", "重点人群", "tags", false, "独居老人、退役军人",
                    "重点人群名称，多个用顿号分隔", "Key groups, separated by 、 or commas"}}),
       check_residents},
  };
  return k;
}

const Kind* kind_named(std::string_view id) {
  for (const auto& k : kinds())
    if (id == k.id) return &k;
  return nullptr;
}

std::vector<table::Table> template_tables(const Kind& kind, bool en) {
  table::Table sheet{en ? kind.en : kind.zh, {}, {{}}};
  table::Table notes{en ? "Instructions" : "填写说明",
                     en ? std::vector<std::string>{"Column", "Required", "What goes in", "Example"}
                        : std::vector<std::string>{"列名", "必填", "填写说明", "示例"},
                     {}};
  for (const auto& c : kind.columns) {
    sheet.header.push_back(en ? c.en : c.zh);
    sheet.rows[0].push_back(c.example);
    notes.rows.push_back({en ? c.en : c.zh, c.required ? (en ? "yes" : "是") : "",
                          en ? c.note_en : c.note_zh, c.example});
  }
  notes.rows.push_back({});
  notes.rows.push_back(
      {en ? "Delete the example row before importing. If any row is wrong, "
            "nothing is imported and a report lists each row, column and reason."
          : "导入前请删除示例行。任一行有误则整份不导入，并给出逐行的错误报告（行、"
            "列、原因）。"});
  return {sheet, notes};
}

Header Header::match(const Kind& kind, const std::vector<std::string>& cells, Errors& errors) {
  Header h;
  h.width_ = cells.size();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string name = text::trim(cells[i]);
    if (name.empty()) continue;
    const Column* found = nullptr;
    for (const auto& c : kind.columns)
      if (name == c.zh || name == c.en) found = &c;
    if (!found) {
      errors.push_back({1, name, "未知的列名: " + name, "Unknown column: " + name});
    } else if (h.index_.contains(found->field)) {
      errors.push_back({1, name, "列重复: " + name, "Repeated column: " + name});
    } else {
      h.index_[found->field] = i;
      h.names_[found->field] = name;
    }
  }
  for (const auto& c : kind.columns) {
    if (c.required && !h.index_.contains(c.field))
      errors.push_back({1, c.zh, std::string("缺少必填列: ") + c.zh,
                        std::string("Missing required column: ") + c.en});
  }
  return h;
}

std::string_view Header::get(const std::vector<std::string>& row, std::string_view field) const {
  auto it = index_.find(std::string(field));
  if (it == index_.end() || it->second >= row.size()) return {};
  return row[it->second];
}

std::string Header::name(std::string_view field) const {
  auto it = names_.find(std::string(field));
  if (it != names_.end()) return it->second;
  for (const auto& k : kinds())
    for (const auto& c : k.columns)
      if (field == c.field) return c.zh;
  return std::string(field);
}

bool Context::may(const std::string& path) const {
  if (!path_covers(scope.path, path)) return false;
  return !who || svc.authz.can(*who, action, path);
}

}  // namespace gridgov::ledgers
