#include "features/cases/taxonomy.hpp"

#include "platform/core/error.hpp"

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

const Category* find_category(const std::string& id) {
  for (const auto& c : default_categories())
    if (c.id == id) return &c;
  return nullptr;
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

bool known(const std::vector<std::pair<std::string, std::string>>& list, const std::string& id) {
  for (const auto& [k, v] : list)
    if (k == id) return true;
  return false;
}

Status check_choice(const std::vector<std::pair<std::string, std::string>>& list,
                    const std::string& v, const char* field) {
  if (known(list, v)) return {};
  std::string options;
  for (const auto& [k, zh] : list) options += (options.empty() ? "" : ", ") + k;
  return Error::invalid(field, std::string("字段 ") + field + " 须为以下之一: " + options,
                        std::string("Field ") + field + " must be one of: " + options);
}

}  // namespace gridgov::cases
