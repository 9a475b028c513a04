#include <gtest/gtest.h>

#include <soci/soci.h>
#include <atomic>
#include <thread>

#include "platform/auth/audit.hpp"
#include "platform/core/metrics.hpp"
#include "platform/tree/tree.hpp"
#include "support/runtime_fixture.hpp"

using namespace gridgov;
using gridgov::testing::RuntimeTest;

namespace {
int count_nodes(Database& db) {
  return db.read([](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM nodes", soci::into(n);
    return n;
  });
}

Status add_node(Database& db, const std::string& code) {
  return db.write([&](WriteTx& tx) -> Status {
    auto root = tree::get(tx.sql, tree::kRootId);
    auto n = tree::insert_child(tx, *root, {code, "节点" + code, "province"}, 1);
    if (!n) return n.error();
    return {};
  });
}
}  // namespace

TEST_F(RuntimeTest, MigrationsAreRecordedAndIdempotent) {
  int recorded = db().read([](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM schema_migrations", soci::into(n);
    return n;
  });
  EXPECT_GE(recorded, 3);  // tree, audit, accounts
  std::vector<Migration> again = tree::migrations();
  auto applied = db().migrate(again);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, 0);
  EXPECT_EQ(count_nodes(db()), 1);  // the root, inserted once
}

TEST_F(RuntimeTest, ConcurrentWritesAreGroupCommitted) {
  auto& batches = metrics::global().histogram("gridgov_db_batch_size", "", metrics::size_buckets());
  auto before_batches = batches.count();
  constexpr int kThreads = 16, kEach = 25;
  std::atomic<int> ok{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t) {
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (add_node(db(), std::to_string(100000 + t * 1000 + i)).ok()) ok++;
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(ok.load(), kThreads * kEach);
  EXPECT_EQ(count_nodes(db()), 1 + kThreads * kEach);
  // Fewer commits than writes: writes queued behind a commit share the next one.
  EXPECT_LT(batches.count() - before_batches, static_cast<std::uint64_t>(kThreads * kEach));
}

TEST_F(RuntimeTest, AFailedWriteUndoesOnlyItself) {
  std::vector<std::thread> ts;
  std::atomic<int> failed{0}, ok{0};
  for (int t = 0; t < 8; ++t) {
    ts.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        // Every third write tries a code that is already taken.
        std::string code = (i % 3 == 0) ? "999999" : std::to_string(200000 + t * 100 + i);
        if (t == 0 && i == 0) code = "999999";
        Status st = add_node(db(), code);
        st.ok() ? ok++ : failed++;
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(count_nodes(db()), 1 + ok.load());
  EXPECT_EQ(ok.load() + failed.load(), 80);
  EXPECT_EQ(ok.load(), 80 - 32 + 1);  // "999999" succeeds exactly once
}

TEST_F(RuntimeTest, ThrowingWriteIsRolledBackAndReported) {
  Status st = db().write([](WriteTx& tx) -> Status {
    tx.sql
        << "INSERT INTO nodes (id, parent_id, path, code, name, level, district_code, created_at,"
           " updated_at) VALUES (77, 1, '/1/77/', '770000', 'x', 'province', '770000', 0, 0)";
    tx.sql << "SELECT no_such_column FROM nodes";  // throws
    return {};
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(count_nodes(db()), 1);
}

TEST_F(RuntimeTest, AuditLogIsAppendOnly) {
  Status st = db().write([](WriteTx& tx) -> Status {
    audit::append(tx, system_actor("test"), {"test.thing", "thing", "1", "/1/"}, 5);
    return {};
  });
  ASSERT_TRUE(st.ok());
  Status upd = db().write([](WriteTx& tx) -> Status {
    tx.sql << "UPDATE audit_log SET action = 'forged'";
    return {};
  });
  EXPECT_FALSE(upd.ok());
  Status del = db().write([](WriteTx& tx) -> Status {
    tx.sql << "DELETE FROM audit_log";
    return {};
  });
  EXPECT_FALSE(del.ok());
  audit::Filter f;
  f.scopes = {"/1/"};
  auto rows = db().read([&](soci::session& s) { return audit::query(s, f); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].entry.action, "test.thing");
}

TEST_F(RuntimeTest, AuditQueryRespectsScope) {
  ASSERT_TRUE(db().write([](WriteTx& tx) -> Status {
                    audit::append(tx, system_actor("t"), {"a.in", "n", "1", "/1/5/9/"}, 1);
                    audit::append(tx, system_actor("t"), {"a.out", "n", "2", "/1/6/"}, 2);
                    audit::append(tx, system_actor("t"), {"b.in", "n", "3", "/1/5/"}, 3);
                    return {};
                  })
                  .ok());
  audit::Filter f;
  f.scopes = {"/1/5/"};
  auto rows = db().read([&](soci::session& s) { return audit::query(s, f); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].entry.action, "b.in");  // newest first
  f.action = "a.";
  rows = db().read([&](soci::session& s) { return audit::query(s, f); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].entry.action, "a.in");
  f.scopes.clear();
  EXPECT_TRUE(db().read([&](soci::session& s) { return audit::query(s, f); }).empty());
}

TEST_F(RuntimeTest, TreeChildrenAncestorsAndValidation) {
  ASSERT_TRUE(add_node(db(), "420000000000").ok());
  auto province = db().read([](soci::session& s) { return tree::get_by_code(s, "420000000000"); });
  ASSERT_TRUE(province);
  Status st = db().write([&](WriteTx& tx) -> Status {
    auto city = tree::insert_child(tx, *province, {"420100000000", "武汉市", "city"}, 1);
    if (!city) return city.error();
    auto bad_level = tree::insert_child(tx, *city, {"420100000001", "x", "province"}, 1);
    EXPECT_EQ(bad_level.error().field, "level");
    auto dup = tree::insert_child(tx, *city, {"420100000000", "y", "district"}, 1);
    EXPECT_EQ(dup.error().kind, ErrorKind::kConflict);
    auto bad_code = tree::insert_child(tx, *city, {"42x", "y", "district"}, 1);
    EXPECT_EQ(bad_code.error().field, "code");
    return {};
  });
  ASSERT_TRUE(st.ok());
  auto city = db().read([](soci::session& s) { return tree::get_by_code(s, "420100000000"); });
  ASSERT_TRUE(city);
  EXPECT_EQ(city->district_code, "420100");
  EXPECT_EQ(city->path, province->path + std::to_string(city->id) + "/");
  auto up = db().read([&](soci::session& s) { return tree::ancestors(s, *city); });
  ASSERT_EQ(up.size(), 3u);
  EXPECT_EQ(up[0].id, tree::kRootId);
  EXPECT_EQ(up[2].name, "武汉市");
  auto kids = db().read([&](soci::session& s) { return tree::children(s, province->id, 10, ""); });
  ASSERT_EQ(kids.size(), 1u);
}
