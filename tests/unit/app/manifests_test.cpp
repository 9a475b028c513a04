// The features' manifests: what they declare is gathered once, a name declared
// twice is refused, and the webhook catalogue and exports come from them.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "app/runtime.hpp"
#include "platform/catalog.hpp"
#include "platform/config/config.hpp"

using namespace gridgov;

TEST(Manifests, EveryFeatureDeclaresItsOwnSettings) {
  declare_feature_settings();
  declare_feature_settings();  // once only, however often asked
  std::set<std::string> keys;
  for (const auto& s : setting_specs()) EXPECT_TRUE(keys.insert(s.key).second) << s.key;
  for (const char* key : {"cases.sign_hours", "rental.patrol_days_green", "webhooks.max_attempts",
                          "ledgers.max_rows", "sizing.grid_households_max", "http.port"})
    EXPECT_TRUE(keys.count(key)) << key;
  EXPECT_EQ(Config().integer("cases.close_working_days"), 7);  // a feature's default applies
  EXPECT_THROW(declare_settings({{"cases.sign_hours", "1", "again"}}), std::logic_error);
}

TEST(Manifests, TheCatalogueIsBuiltFromThem) {
  Catalog catalog = feature_catalog(all_modules());
  // The webhook events: cases' and the webhooks' own test delivery.
  ASSERT_NE(catalog.event_of_topic("case.dispatch"), nullptr);
  EXPECT_EQ(catalog.event_of_topic("case.dispatch")->type, "case.status_changed");
  EXPECT_EQ(catalog.event_of_topic("case.whistle_report")->type, "whistle.reported");
  EXPECT_EQ(catalog.event_of_topic("node.created"), nullptr);  // nobody outside is told of it
  EXPECT_TRUE(catalog.known_event("ping"));
  EXPECT_FALSE(catalog.known_event("case.dispatch"));  // a topic, not an event
  for (const auto& e : catalog.events()) {
    EXPECT_FALSE(e.zh.empty()) << e.type;
    EXPECT_FALSE(e.en.empty()) << e.type;
  }
  // Each export heads its own columns: "name" is 姓名 for people, 名称 for places.
  auto heading = [&](const std::string& id, const std::string& key) {
    for (const auto& [k, v] : catalog.export_decl(id).columns)
      if (k == key) return v;
    return std::string();
  };
  EXPECT_EQ(heading("registry.persons", "name"), "姓名");
  EXPECT_EQ(heading("org.children", "name"), "名称");
  EXPECT_EQ(heading("cases.list", "code"), "案件编号");
  EXPECT_EQ(heading("org.children", "code"), "区划代码");
  for (const auto& x : catalog.exports()) EXPECT_FALSE(x.file.empty()) << x.id;
  EXPECT_THROW(catalog.export_decl("nobody.declared"), std::logic_error);
}

TEST(Manifests, ANameDeclaredTwiceIsRefused) {
  Catalog catalog;
  catalog.add_events({{"a.changed", "甲", "A", {"a.update"}}});
  EXPECT_THROW(catalog.add_events({{"a.changed", "甲", "A", {}}}), std::logic_error);
  EXPECT_THROW(catalog.add_events({{"b.changed", "乙", "B", {"a.update"}}}), std::logic_error);
  catalog.add_exports({{"a.list", "甲表", {}, {}}});
  EXPECT_THROW(catalog.add_exports({{"a.list", "甲表", {}, {}}}), std::logic_error);
  EXPECT_EQ(catalog.export_decl("a.list").file, "甲表");
}
