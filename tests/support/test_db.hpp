#pragma once
// A fresh, empty database for one test on the backend named by
// GRIDGOV_TEST_BACKEND (sqlite, the default, or postgres). PostgreSQL tests
// use GRIDGOV_TEST_PG_URL and a schema of their own, dropped afterwards.
#include <string>

namespace gridgov::testing {

bool postgres_selected();

class TestDb {
 public:
  TestDb();
  ~TestDb();
  TestDb(const TestDb&) = delete;
  // The `database` setting that points at this database.
  const std::string& url() const { return url_; }
  // False when PostgreSQL was asked for but GRIDGOV_TEST_PG_URL is not set.
  bool available() const { return available_; }

 private:
  std::string url_;
  std::string dir_;     // sqlite: a temporary directory
  std::string schema_;  // postgres: a schema of its own
  bool available_ = true;
};

std::string temp_dir();

}  // namespace gridgov::testing
