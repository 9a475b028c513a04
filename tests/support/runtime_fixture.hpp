#pragma once
// A migrated database on the selected backend, opened the way the server
// opens it (every feature's migrations and actions), for store-level tests.
#include <gtest/gtest.h>

#include <memory>

#include "app/runtime.hpp"
#include "support/test_db.hpp"

namespace gridgov::testing {

class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  Runtime& rt() { return *rt_; }
  Database& db() { return *rt_->db; }

  std::unique_ptr<TestDb> test_db_;
  std::string key_dir_;  // the personal-data key file of this test
  std::unique_ptr<Runtime> rt_;
};

}  // namespace gridgov::testing
