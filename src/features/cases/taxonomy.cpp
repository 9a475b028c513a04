#include "features/cases/taxonomy.hpp"

#include <soci/soci.h>
#include <boost/json.hpp>

#include <mutex>
#include <shared_mutex>

#include "platform/core/error.hpp"
#include "platform/db/row_map.hpp"
#include "platform/text/text.hpp"

namespace gridgov::cases {

const std::vector<Category>& default_categories() {
  static const std::vector<Category> c = {
      // 事件 events
      {"city_appearance.exposed_garbage", "暴露垃圾", "Exposed garbage", "市容环境", "event"},
      {"city_appearance.dirty_road", "道路不洁", "Dirty road", "市容环境", "event"},
      {"city_appearance.piled_materials", "乱堆物堆料", "Materials piled in public space",
       "市容环境", "event"},
      {"city_appearance.illegal_building", "违法建设", "Illegal construction", "市容环境", "event"},
      {"advertising.small_ads", "非法小广告", "Illegal small ads", "宣传广告", "event"},
      {"advertising.illegal_banner", "违规悬挂横幅", "Unauthorised banner", "宣传广告", "event"},
      {"construction.noise", "施工扰民", "Construction noise", "施工管理", "event"},
      {"construction.dust", "工地扬尘", "Construction dust", "施工管理", "event"},
      {"emergency.road_collapse", "路面塌陷", "Road collapse", "突发事件", "event"},
      {"emergency.water_pipe_burst", "自来水管破裂", "Burst water main", "突发事件", "event"},
      {"emergency.gas_leak", "燃气泄漏", "Gas leak", "突发事件", "event"},
      {"street_order.street_vendor", "无照经营游商", "Unlicensed street vendor", "街面秩序",
       "event"},
      {"street_order.occupying_road", "占道经营", "Business occupying the road", "街面秩序",
       "event"},
      {"street_order.illegal_parking", "机动车乱停放", "Illegally parked car", "街面秩序", "event"},
      {"street_order.bike_parking", "非机动车乱停放", "Bicycles parked in the way", "街面秩序",
       "event"},
      {"community.neighbour_dispute", "邻里纠纷", "Neighbour dispute", "社区事务", "event"},
      {"community.property_service", "物业服务", "Property management service", "社区事务",
       "event"},
      // 部件 components
      {"public_facilities.manhole_cover", "井盖缺损", "Damaged manhole cover", "公用设施",
       "component"},
      {"public_facilities.street_light", "路灯故障", "Street light out", "公用设施", "component"},
      {"public_facilities.water_supply", "供水故障", "Water supply failure", "公用设施",
       "component"},
      {"road_traffic.traffic_sign", "交通标志损坏", "Damaged traffic sign", "道路交通",
       "component"},
      {"road_traffic.guardrail", "护栏损坏", "Damaged guardrail", "道路交通", "component"},
      {"environment.public_toilet", "公厕问题", "Public toilet problem", "市容环境", "component"},
      {"environment.trash_bin", "垃圾箱损坏或满溢", "Trash bin broken or overflowing", "市容环境",
       "component"},
      {"greening.street_tree", "行道树问题", "Street tree problem", "园林绿化", "component"},
      {"greening.green_space", "绿地损坏", "Damaged green space", "园林绿化", "component"},
      {"housing_land.dangerous_house", "危险房屋", "Dangerous building", "房屋土地", "component"},
      {"housing_land.elevator", "电梯故障", "Lift out of order", "房屋土地", "component"},
  };
  return c;
}

namespace {
std::shared_mutex cache_mutex;
std::vector<Category>& cache() {
  static std::vector<Category> c = default_categories();
  return c;
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("''") : std::string(1, ch);
  return out + "'";
}

// A category as stored: its place in the list and its last change besides.
struct CategoryRow {
  std::string id, zh, en, group_zh, type;
  bool active = true;
  int sort = 0;
  Millis updated_at = 0;
  Id updated_by = 0;
};
const db::RowMap<CategoryRow>& category_map() {
  static const auto map = db::RowMap<CategoryRow>("case_categories")
                              .col("id", &CategoryRow::id)
                              .col("zh", &CategoryRow::zh)
                              .col("en", &CategoryRow::en)
                              .col("group_zh", &CategoryRow::group_zh)
                              .col("type", &CategoryRow::type)
                              .col("active", &CategoryRow::active)
                              .col("sort", &CategoryRow::sort)
                              .col("updated_at", &CategoryRow::updated_at)
                              .col("updated_by", &CategoryRow::updated_by);
  return map;
}
}  // namespace

std::vector<Category> categories() {
  std::shared_lock lock(cache_mutex);
  return cache();
}

std::optional<Category> find_category(const std::string& id) {
  std::shared_lock lock(cache_mutex);
  for (const auto& c : cache())
    if (c.id == id) return c;
  return std::nullopt;
}

void load_categories(soci::session& sql) {
  std::vector<Category> loaded;
  for (auto& r : db::read_rows(category_map(), sql, "ORDER BY sort, id", db::no_params))
    loaded.push_back({std::move(r.id), std::move(r.zh), std::move(r.en), std::move(r.group_zh),
                      std::move(r.type), r.active});
  std::unique_lock lock(cache_mutex);
  cache() = std::move(loaded);
}

std::vector<Migration> taxonomy_migrations() {
  Migration m{"cases",
              13,
              "the case taxonomy as data, seeded with the defaults",
              {"CREATE TABLE case_categories (id TEXT PRIMARY KEY, zh TEXT NOT NULL,"
               " en TEXT NOT NULL, group_zh TEXT NOT NULL, type TEXT NOT NULL,"
               " active INTEGER NOT NULL, sort INTEGER NOT NULL, updated_at BIGINT NOT NULL,"
               " updated_by BIGINT NOT NULL)"},
              {}};
  int sort = 0;
  for (const auto& c : default_categories()) {
    m.sql.push_back("INSERT INTO case_categories VALUES (" + quoted(c.id) + ", " + quoted(c.zh) +
                    ", " + quoted(c.en) + ", " + quoted(c.group_zh) + ", " + quoted(c.type) +
                    ", 1, " + std::to_string(sort += 10) + ", 0, 0)");
  }
  return {m};
}

Status check_category(const Category& c) {
  auto dot = c.id.find('.');
  bool id_ok = c.id.size() <= 64 && dot != std::string::npos && dot > 0 && dot + 1 < c.id.size() &&
               c.id.find('.', dot + 1) == std::string::npos;
  for (char ch : c.id)
    id_ok =
        id_ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.');
  if (!id_ok) {
    return Error::invalid("id", "类别编号须为「大类.小类」，用小写字母、数字和下划线",
                          "The id is \"group.item\" of lowercase letters, digits and underscores");
  }
  for (const auto& [field, value] :
       {std::pair{"zh", &c.zh}, std::pair{"en", &c.en}, std::pair{"group_zh", &c.group_zh}}) {
    std::size_t n = text::length(*value);
    if (!text::valid_utf8(*value) || text::has_control(*value) || n == 0 || n > 32) {
      return Error::invalid(field, std::string(field) + " 须为 1–32 个字符",
                            std::string(field) + " must be 1–32 characters");
    }
  }
  if (c.type != "event" && c.type != "component") {
    return Error::invalid("type", "type 须为 event（事件）或 component（部件）",
                          "type must be event or component");
  }
  return {};
}

void save_category(WriteTx& tx, const Category& c, Id by, Millis now) {
  // A new category goes to the end of the list; an existing one keeps its place and type.
  db::PreparedWrite<CategoryRow> put(tx.sql, category_map(),
                                     category_map().upsert_sql("id", {"sort", "type"}), {});
  put.row() = {c.id, c.zh, c.en, c.group_zh, c.type, c.active, 0, now, by};
  tx.sql << "SELECT COALESCE(MAX(sort), 0) + 10 FROM case_categories", soci::into(put.row().sort);
  put.execute();
}

const std::vector<std::pair<std::string, std::string>>& kinds() {
  static const std::vector<std::pair<std::string, std::string>> k = {{"consult", "咨询"},
                                                                     {"help", "求助"},
                                                                     {"complaint", "投诉"},
                                                                     {"report", "举报"},
                                                                     {"suggestion", "建议"}};
  return k;
}

const std::vector<std::pair<std::string, std::string>>& urgencies() {
  static const std::vector<std::pair<std::string, std::string>> u = {
      {"normal", "一般"}, {"urgent", "紧急"}, {"emergency", "特急"}};
  return u;
}

const std::vector<std::pair<std::string, std::string>>& channels() {
  static const std::vector<std::pair<std::string, std::string>> c = {
      {"resident", "居民上报"}, {"patrol", "网格巡查"}, {"hotline", "12345热线"},
      {"sensor", "物联感知"},   {"system", "系统对接"}, {"import", "批量导入"}};
  return c;
}

boost::json::object category_json(const Category& c) {
  return boost::json::object{{"id", c.id},     {"zh", c.zh},
                             {"en", c.en},     {"group_zh", c.group_zh},
                             {"type", c.type}, {"active", c.active}};
}

}  // namespace gridgov::cases
