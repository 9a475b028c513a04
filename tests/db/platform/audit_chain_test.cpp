// The audit log's hash chain: rows written through audit::append verify; a row
// changed, removed or forged behind the database's back is named.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "platform/auth/audit.hpp"
#include "support/runtime_fixture.hpp"

using namespace gridgov;
using gridgov::testing::RuntimeTest;

namespace {

class AuditChain : public RuntimeTest {
 protected:
  // Writes `n` rows in `district`; returns their ids in order.
  std::vector<Id> write_rows(const std::string& district, int n) {
    std::vector<Id> ids;
    for (int i = 0; i < n; ++i) {
      Status st = db().write([&](WriteTx& tx) -> Status {
        audit::append(tx, system_actor("test"),
                      {"test.row", "thing", std::to_string(i), "/1/", district,
                       R"({"n":)" + std::to_string(i) + "}"},
                      1'800'000'000'000 + i);
        return {};
      });
      EXPECT_TRUE(st.ok());
    }
    db().read([&](soci::session& s) {
      Id id = 0;
      soci::statement st = (s.prepare << "SELECT id FROM audit_log WHERE district_code = :d"
                                         " ORDER BY id",
                            soci::use(district), soci::into(id));
      st.execute(false);
      while (st.fetch()) ids.push_back(id);
      return 0;
    });
    return ids;
  }
  // What someone with the database's password could do: lift the append-only guard.
  void tamper(const std::string& sql) {
    Status st = db().write([&](WriteTx& tx) -> Status {
      if (tx.backend == Backend::kPostgres) {
        tx.sql << "DROP TRIGGER IF EXISTS audit_no_change ON audit_log";
      } else {
        tx.sql << "DROP TRIGGER IF EXISTS audit_no_update";
        tx.sql << "DROP TRIGGER IF EXISTS audit_no_delete";
      }
      tx.sql << sql;
      return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().message_en;
  }
};

TEST_F(AuditChain, RowsWrittenThroughAppendVerify) {
  auto a = write_rows("420102", 4);
  auto b = write_rows("420103", 3);
  ASSERT_EQ(a.size(), 4u);
  auto r = audit::verify(db());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->broken_id, 0) << r->why_en;
  EXPECT_EQ(r->rows, 7);
  EXPECT_EQ(r->chains, 2);
  EXPECT_EQ(r->heads.size(), 2u);
  // The heads the daily anchor writes are the chains' last hashes.
  auto heads = db().read([](soci::session& s) { return audit::heads(s); });
  EXPECT_EQ(heads, r->heads);
}

TEST_F(AuditChain, AChangedRowIsNamed) {
  auto a = write_rows("420102", 5);
  tamper("UPDATE audit_log SET detail = '{\"n\":99}' WHERE id = " + std::to_string(a[2]));
  auto r = audit::verify(db());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->broken_id, a[2]);
  EXPECT_EQ(r->broken_district, "420102");
  EXPECT_NE(r->why_en.find("changed"), std::string::npos) << r->why_en;
}

TEST_F(AuditChain, ARemovedRowIsFoundAtTheRowAfterIt) {
  auto a = write_rows("420102", 5);
  tamper("DELETE FROM audit_log WHERE id = " + std::to_string(a[1]));
  auto r = audit::verify(db());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->broken_id, a[2]);
  EXPECT_NE(r->why_en.find("previous hash"), std::string::npos) << r->why_en;
}

TEST_F(AuditChain, AForgedHashIsNamed) {
  auto a = write_rows("420102", 4);
  tamper("UPDATE audit_log SET hash = 'f00d' WHERE id = " + std::to_string(a[1]));
  auto r = audit::verify(db());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->broken_id, a[1]);
}

}  // namespace
