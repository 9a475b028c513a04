#include "support/case_fixture.hpp"

#include <soci/soci.h>

namespace gridgov::testing {

void CaseStoreTest::SetUp() {
  RuntimeTest::SetUp();
  if (IsSkipped()) return;
  Status st = db().write([&](WriteTx& tx) -> Status {
    // The street at its real depth (province, city, district above it): the measures'
    // aggregates cut places by level.
    auto root = *tree::get(tx.sql, tree::kRootId);
    auto province = *tree::insert_child(tx, root, {"420000000000", "湖北省", "province"}, 1);
    auto city = *tree::insert_child(tx, province, {"420100000000", "武汉市", "city"}, 1);
    auto district = *tree::insert_child(tx, city, {"420102000000", "江岸区", "district"}, 1);
    street_ = *tree::insert_child(tx, district, {"420102002000", "大智街道", "street"}, 1);
    a_ = *tree::insert_child(tx, street_, {"420102002003", "保成社区", "community"}, 1);
    b_ = *tree::insert_child(tx, street_, {"420102002004", "泰宁社区", "community"}, 1);
    grid_ = *tree::insert_child(tx, a_, {"420102002003001", "第1网格", "grid"}, 1);
    return {};
  });
  ASSERT_TRUE(st.ok());
}

cases::Case CaseStoreTest::draft(const tree::Node& at, Millis created) const {
  cases::Case c;
  c.id = new_id();
  c.code = "420102" + std::to_string(c.id);
  c.district_code = "420102";
  c.node_id = at.id;
  c.node_path = at.path;
  c.channel = "resident";
  c.kind = "complaint";
  c.category = "street_order.illegal_parking";
  c.urgency = "normal";
  c.title = "test";
  c.created_at = c.updated_at = created;
  return c;
}

void CaseStoreTest::put(cases::Case c) {
  Status st = db().write([&](WriteTx& tx) -> Status {
    cases::Case reported = c;
    reported.state = cases::State::kReported;
    cases::store::insert(tx, reported);
    cases::store::update(tx, reported, c, 1);
    return {};
  });
  ASSERT_TRUE(st.ok());
}

}  // namespace gridgov::testing
