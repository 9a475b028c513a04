#pragma once
// The default two-level case taxonomy, modelled on GB/T 30428 (数字化城市管理
// 信息系统): events (事件) and components (部件), each with subcategories.
// Category ids are "group.item", e.g. "street_order.illegal_parking".
#include <string>
#include <vector>

#include "platform/core/error.hpp"

namespace gridgov::cases {

struct Category {
  std::string id;  // "street_order.illegal_parking"
  std::string zh;  // 机动车乱停放
  std::string en;
  std::string group_zh;  // 街面秩序
  std::string type;      // event | component
};

const std::vector<Category>& default_categories();
const Category* find_category(const std::string& id);

// Kinds of case (诉求类型) and urgencies, with their Chinese names.
const std::vector<std::pair<std::string, std::string>>& kinds();      // consult 咨询 …
const std::vector<std::pair<std::string, std::string>>& urgencies();  // normal 一般 …
const std::vector<std::pair<std::string, std::string>>& channels();   // resident 居民 …
bool known(const std::vector<std::pair<std::string, std::string>>& list, const std::string& id);
// ok, or kInvalid naming `field` and the accepted values.
Status check_choice(const std::vector<std::pair<std::string, std::string>>& list,
                    const std::string& v, const char* field);

}  // namespace gridgov::cases
