// The personal-data keys against the database: a wrong or missing key stops
// the start; phones written in plain text before sealing get sealed.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "app/runtime.hpp"
#include "features/cases/store.hpp"
#include "support/case_fixture.hpp"
#include "support/test_db.hpp"

using namespace gridgov;

class PrivacyKeys : public gridgov::testing::CaseStoreTest {
 protected:
  Result<std::unique_ptr<Runtime>> reopen(const std::string& key_file) {
    Config c = rt_->config;
    c.set("privacy.key_file", key_file);
    return open_runtime(c);
  }
};

TEST_F(PrivacyKeys, AnotherKeyFileIsRefusedAtStart) {
  std::string dir = gridgov::testing::temp_dir();
  auto wrong = reopen(dir + "/other.key");  // a new key for a database that knows another
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "privacy_keys");
  auto right = reopen(rt_->config.str("privacy.key_file"));
  ASSERT_TRUE(right.ok()) << right.error().message_en;
  (*right)->db->stop_writer();
}

TEST_F(PrivacyKeys, PlainPhonesFromBeforeAreSealed) {
  cases::Case c = draft(a_, 1800000000000);
  c.contact_phone = "13700001111";  // as rows stored it before sealing
  put(c);
  auto n = cases::store::seal_plain_contacts(db(), *rt_->vault);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  auto stored = *db().read([&](soci::session& s) { return cases::store::get(s, c.id); });
  EXPECT_EQ(stored.contact_phone.find("13700001111"), std::string::npos);
  EXPECT_EQ(stored.contact_phone_mask, "137****1111");
  EXPECT_EQ(*rt_->vault->open(stored.contact_phone), "13700001111");
  EXPECT_EQ(stored.contact_phone_index, rt_->vault->blind("phone", "13700001111"));
  EXPECT_EQ(*cases::store::seal_plain_contacts(db(), *rt_->vault), 0);  // idempotent
}
