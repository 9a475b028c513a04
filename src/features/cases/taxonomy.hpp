#pragma once
// The two-level case taxonomy: shipped defaults modelled on GB/T 30428
// (数字化城市管理信息系统) — events (事件) and components (部件), each with
// subcategories — which a city edits (add, rename, retire) through the API.
// Category ids are "group.item", e.g. "street_order.illegal_parking".
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/error.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"

namespace gridgov::cases {

struct Category {
  std::string id;  // "street_order.illegal_parking"
  std::string zh;  // 机动车乱停放
  std::string en;
  std::string group_zh;  // 街面秩序
  std::string type;      // event | component
  bool active = true;    // retired categories stay for old cases, closed to new ones
};

// What ships: the seed of the case_categories table.
const std::vector<Category>& default_categories();
// The categories in force (the table, cached; the defaults until loaded).
std::vector<Category> categories();
std::optional<Category> find_category(const std::string& id);
// Reads the table into the cache (at start and after every change).
void load_categories(soci::session& sql);
std::vector<Migration> taxonomy_migrations();
// A new category's fields, checked: id "group.item" of lowercase letters,
// digits and underscores; names 1–32 characters; type event or component.
Status check_category(const Category& c);
void save_category(WriteTx& tx, const Category& c, Id by, Millis now);
boost::json::object category_json(const Category& c);

// Kinds of case (诉求类型) and urgencies, with their Chinese names.
const std::vector<std::pair<std::string, std::string>>& kinds();      // consult 咨询 …
const std::vector<std::pair<std::string, std::string>>& urgencies();  // normal 一般 …
const std::vector<std::pair<std::string, std::string>>& channels();   // resident 居民 …

}  // namespace gridgov::cases
