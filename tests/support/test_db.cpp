#include "support/test_db.hpp"

#include "platform/db/pg_url.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace gridgov::testing {

bool postgres_selected() {
  const char* b = std::getenv("GRIDGOV_TEST_BACKEND");
  return b && std::string(b) == "postgres";
}

std::string temp_dir() {
  std::string templ = (std::filesystem::temp_directory_path() / "gridgov-test-XXXXXX").string();
  char* made = mkdtemp(templ.data());
  return made ? std::string(made) : std::string();
}

namespace {
std::string random_suffix() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned long long> d;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%012llx", d(rd) & 0xffffffffffffULL);
  return buf;
}

// libpq URIs take extra settings as query parameters.
std::string with_search_path(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}
}  // namespace

TestDb::TestDb() {
  if (!postgres_selected()) {
    dir_ = temp_dir();
    url_ = "sqlite:" + dir_ + "/test.db";
    return;
  }
  const char* base = std::getenv("GRIDGOV_TEST_PG_URL");
  if (!base || !*base) {
    available_ = false;
    return;
  }
  schema_ = "t_" + random_suffix();
  soci::session s(*soci::factory_postgresql(), pg_conninfo(base).value());
  s << "CREATE SCHEMA " + schema_;
  url_ = with_search_path(base, schema_);
}

TestDb::~TestDb() {
  if (!schema_.empty()) {
    try {
      soci::session s(*soci::factory_postgresql(),
                      pg_conninfo(std::getenv("GRIDGOV_TEST_PG_URL")).value());
      s << "DROP SCHEMA " + schema_ + " CASCADE";
    } catch (...) {
    }
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

}  // namespace gridgov::testing
