#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "app/runtime.hpp"
#include "platform/config/config.hpp"

using namespace gridgov;

TEST(Config, NamesDerivedFromKeys) {
  EXPECT_EQ(env_name("http.max_body_bytes"), "GRIDGOV_HTTP_MAX_BODY_BYTES");
  EXPECT_EQ(flag_name("http.max_body_bytes"), "--http-max-body-bytes");
}

TEST(Config, PrecedenceDefaultsFileEnvFlags) {
  std::string path = ::testing::TempDir() + "/gridgov-test.toml";
  std::ofstream(path) << "[http]\nport = 9000\nhost = \"0.0.0.0\"\n[log]\nlevel = \"warn\"\n";
  ::setenv("GRIDGOV_HTTP_HOST", "127.0.0.2", 1);
  std::map<std::string, std::string> flags{{"log.level", "debug"}};
  auto c = resolve_config(path, flags);
  ::unsetenv("GRIDGOV_HTTP_HOST");
  ASSERT_TRUE(c.ok()) << c.error().message_en;
  EXPECT_EQ(c->integer("http.port"), 9000);  // file over default
  EXPECT_EQ(c->source("http.port"), "file");
  EXPECT_EQ(c->str("http.host"), "127.0.0.2");  // env over file
  EXPECT_EQ(c->str("log.level"), "debug");      // flag over file
  EXPECT_EQ(c->integer("workers"), 0);          // default
  EXPECT_EQ(c->source("workers"), "default");
}

TEST(Config, RejectsUnknownKeysAndBadValues) {
  std::string path = ::testing::TempDir() + "/gridgov-bad.toml";
  std::ofstream(path) << "[http]\nprot = 9000\n";
  auto c = resolve_config(path, {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().field, "http.prot");

  auto d = resolve_config("", {{"http.port", "eighty"}});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().field, "http.port");
  auto e = resolve_config("", {{"database", "mysql://x"}});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().field, "database");
  auto f = resolve_config("/no/such/file.toml", {});
  EXPECT_FALSE(f.ok());
}

// docs/settings.md lists every setting as `gridgov config --markdown` prints it.
TEST(Config, EverySettingIsDocumented) {
  std::ifstream in(std::string(GRIDGOV_SOURCE_DIR) + "/docs/settings.md");
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(doc.empty());
  gridgov::declare_feature_settings();  // the features' settings too
  for (const auto& s : gridgov::setting_specs()) {
    std::string row = "| `" + s.key + "` | `" + s.fallback + "` | " + s.help + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/settings.md lacks or differs on:\n" << row;
  }
}
