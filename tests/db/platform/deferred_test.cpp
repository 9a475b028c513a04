// Work deferred to the end of a batch (Deferred): a write's part joins the batch
// only if the write succeeds, the batch's is written once before COMMIT, and a
// failure there saves none of the batch's writes.
#include <gtest/gtest.h>

#include <soci/soci.h>
#include <atomic>
#include <map>
#include <stdexcept>
#include <thread>

#include "support/runtime_fixture.hpp"

using namespace gridgov;
using gridgov::testing::RuntimeTest;

namespace {
std::atomic<int> flushes{0};
std::atomic<bool> fail_flush{false};

// Sums by key, written as upserts into deferred_probe.
struct ProbeSums : Deferred {
  std::map<std::string, long long> sums;
  void merge_into(Deferred& batch) override {
    for (auto& [k, n] : sums) static_cast<ProbeSums&>(batch).sums[k] += n;
  }
  void flush(WriteTx& tx) override {
    ++flushes;
    if (fail_flush) throw std::runtime_error("flush failed (test)");
    for (auto& [k, n] : sums) {
      std::string key = k;
      long long add = n;
      tx.sql << "INSERT INTO deferred_probe (k, n) VALUES (:k, :n) ON CONFLICT (k) DO UPDATE "
                "SET n = deferred_probe.n + excluded.n",
          soci::use(key), soci::use(add);
    }
  }
};

long long probe(Database& db, const std::string& key) {
  return db.read([&](soci::session& s) {
    long long n = 0;
    soci::indicator ind = soci::i_ok;
    s << "SELECT n FROM deferred_probe WHERE k = :k", soci::use(key), soci::into(n, ind);
    return ind == soci::i_ok ? n : 0;
  });
}

int marks(Database& db) {
  return db.read([](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM deferred_marks", soci::into(n);
    return n;
  });
}

class DeferredTest : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    flushes = 0;
    fail_flush = false;
    ASSERT_TRUE(db().write([](WriteTx& tx) -> Status {
      tx.sql << "CREATE TABLE deferred_probe (k TEXT PRIMARY KEY, n BIGINT NOT NULL)";
      tx.sql << "CREATE TABLE deferred_marks (id BIGINT NOT NULL)";
      return {};
    }));
  }
  // Stages +1 on `key` and marks the write; fails after staging when asked.
  Status add(const std::string& key, bool fail, int id) {
    return db().write([&](WriteTx& tx) -> Status {
      tx.sql << "INSERT INTO deferred_marks (id) VALUES (:id)", soci::use(id);
      tx.deferred<ProbeSums>().sums[key] += 1;
      if (fail) return Error::invalid("x", "测试失败", "failed on purpose");
      return {};
    });
  }
};
}  // namespace

TEST_F(DeferredTest, OnlySucceededWritesAddAndEachBatchFlushesOnce) {
  constexpr int kThreads = 8, kEach = 30;
  std::atomic<int> ok{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t) {
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        bool fail = i % 5 == 0;  // staged, then refused: its part is dropped
        if (add(i % 2 ? "odd" : "even", fail, t * 1000 + i).ok()) ++ok;
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(ok.load(), kThreads * kEach * 4 / 5);
  EXPECT_EQ(probe(db(), "odd") + probe(db(), "even"), ok.load());
  EXPECT_EQ(marks(db()), ok.load());
  // A batch writes its sums once, however many writes it holds.
  EXPECT_GE(flushes.load(), 1);
  EXPECT_LE(flushes.load(), ok.load());
}

TEST_F(DeferredTest, AFailedFlushSavesNothingOfTheBatch) {
  ASSERT_TRUE(add("k", false, 1));
  fail_flush = true;
  Status st = add("k", false, 2);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(http_status(st.error().kind), 503);
  fail_flush = false;
  EXPECT_EQ(probe(db(), "k"), 1);
  EXPECT_EQ(marks(db()), 1);  // the write's own row went with the batch
  ASSERT_TRUE(add("k", false, 3));
  EXPECT_EQ(probe(db(), "k"), 2);
}
