#pragma once
// A street with two communities and a grid, and a way to write cases straight
// into the store, for the cases feature's storage tests.
#include "features/cases/store.hpp"
#include "platform/tree/tree.hpp"
#include "support/runtime_fixture.hpp"

namespace gridgov::testing {

class CaseStoreTest : public RuntimeTest {
 protected:
  void SetUp() override;
  // An ordinary complaint located at `at`, reported at `created`, not yet written.
  cases::Case draft(const tree::Node& at, Millis created) const;
  // Inserts `c` as reported, then moves it to its own state and fields (as the workflow would).
  void put(cases::Case c);

  tree::Node street_, a_, b_, grid_;  // 大智街道; 保成社区 (with 第1网格) and 泰宁社区
};

}  // namespace gridgov::testing
