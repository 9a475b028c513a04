// The row map on the real database (either backend): a row written through its
// INSERT and UPDATE reads back as written; a joined column is read only by
// read_joined(), as the join names it, and never written.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include <optional>

#include "platform/db/row_map.hpp"
#include "support/runtime_fixture.hpp"

using namespace gridgov;
using gridgov::testing::RuntimeTest;

namespace {

enum class Kind { kPlain, kSpecial };
std::string kind_name(Kind k) {
  return k == Kind::kSpecial ? "special" : "plain";
}
Kind kind_of(std::string_view s) {
  return s == "special" ? Kind::kSpecial : Kind::kPlain;
}

struct Kid {
  long long id = 0;
  long long parent_id = 0;
  std::string name;
  std::optional<std::string> note;
  Kind kind = Kind::kPlain;
  std::string parent_code;  // joined from rowmap_parents
};

const db::RowMap<Kid>& kid_map() {
  static const auto map = db::RowMap<Kid>("rowmap_kids")
                              .col("id", &Kid::id)
                              .col("parent_id", &Kid::parent_id)
                              .col("name", &Kid::name)
                              .col("note", &Kid::note)
                              .text("kind", &Kid::kind, kind_name, kind_of)
                              .joined("p.code", &Kid::parent_code);
  return map;
}

class RowMapTest : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    if (HasFatalFailure()) return;
    auto made = db().write([](WriteTx& tx) -> Status {
      tx.sql << "CREATE TABLE rowmap_parents (id BIGINT PRIMARY KEY, code TEXT NOT NULL)";
      tx.sql << "CREATE TABLE rowmap_kids (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL, "
                "name TEXT NOT NULL, note TEXT, kind TEXT NOT NULL)";
      tx.sql << "INSERT INTO rowmap_parents (id, code) VALUES (7, 'P7')";
      return {};
    });
    ASSERT_TRUE(made.ok());
  }
  Status insert(Kid kid) {
    return db().write([&](WriteTx& tx) -> Status {
      db::PreparedWrite<Kid> ins(tx.sql, kid_map(), kid_map().insert_sql(), {});
      ins.row() = kid;
      if (ins.execute() != 1) return Error::internal();
      return {};
    });
  }
  std::vector<Kid> read_all(bool joined) {
    return db().read([&](soci::session& s) {
      if (!joined) return db::read_rows(kid_map(), s, "ORDER BY id", db::no_params);
      return db::read_joined(kid_map(), s, "k.",
                             "rowmap_kids k JOIN rowmap_parents p ON p.id = k.parent_id",
                             "ORDER BY k.id", db::no_params);
    });
  }
};

TEST_F(RowMapTest, ListsNeverNameAJoinedColumnUnlessAsked) {
  EXPECT_EQ(kid_map().insert_sql(),
            "INSERT INTO rowmap_kids (id, parent_id, name, note, kind) "
            "VALUES (:id, :parent_id, :name, :note, :kind)");
  EXPECT_EQ(kid_map().select_list(), "id, parent_id, name, note, kind");
  EXPECT_EQ(kid_map().select_list("k.", true), "k.id, k.parent_id, k.name, k.note, k.kind, p.code");
  EXPECT_EQ(kid_map().update_sql(db::plus({"name"}, "note")),
            "UPDATE rowmap_kids SET name = :name, note = :note");
  EXPECT_THROW(kid_map().update_sql({"p.code"}), std::logic_error);
}

TEST_F(RowMapTest, ARowReadsBackAsWrittenWithItsJoinedColumnOnlyWhenJoined) {
  ASSERT_TRUE(insert({1, 7, "甲", std::nullopt, Kind::kSpecial, "ignored"}).ok());
  ASSERT_TRUE(insert({2, 7, "乙", "备注", Kind::kPlain, ""}).ok());

  auto own = read_all(false);
  ASSERT_EQ(own.size(), 2u);
  EXPECT_EQ(own[0].name, "甲");
  EXPECT_FALSE(own[0].note.has_value());
  EXPECT_EQ(own[0].kind, Kind::kSpecial);
  EXPECT_EQ(own[0].parent_code, "");  // not read without the join
  EXPECT_EQ(own[1].note.value_or(""), "备注");

  auto joined = read_all(true);
  ASSERT_EQ(joined.size(), 2u);
  EXPECT_EQ(joined[0].parent_code, "P7");
  EXPECT_EQ(joined[1].parent_code, "P7");
  EXPECT_EQ(joined[1].kind, Kind::kPlain);
}

TEST_F(RowMapTest, AnUpdateWritesOnlyItsColumns) {
  ASSERT_TRUE(insert({1, 7, "甲", std::nullopt, Kind::kPlain, ""}).ok());
  auto updated = db().write([](WriteTx& tx) -> Status {
    const db::Names set = {"note", "kind"};
    db::PreparedWrite<Kid> up(tx.sql, kid_map(), kid_map().update_sql(set) + " WHERE id = :id",
                              db::plus(set, "id"));
    up.row() = {1, 0, "不应写入", "已改", Kind::kSpecial, ""};
    if (up.execute() != 1) return Error::internal();
    return {};
  });
  ASSERT_TRUE(updated.ok());
  auto rows = read_all(false);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].name, "甲");  // not among the SET columns
  EXPECT_EQ(rows[0].parent_id, 7);
  EXPECT_EQ(rows[0].note.value_or(""), "已改");
  EXPECT_EQ(rows[0].kind, Kind::kSpecial);
}

// An upsert inserts a new key and, for a key that exists, sets every other
// column from the new row (both backends say ON CONFLICT … excluded alike).
TEST_F(RowMapTest, AnUpsertInsertsOrReplacesTheOtherColumns) {
  EXPECT_EQ(kid_map().upsert_sql("id"),
            kid_map().insert_sql() +
                " ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id,"
                " name = excluded.name, note = excluded.note, kind = excluded.kind");
  auto put = [&](Kid kid) {
    return db().write([&](WriteTx& tx) -> Status {
      db::PreparedWrite<Kid> up(tx.sql, kid_map(), kid_map().upsert_sql("id"), {});
      up.row() = kid;
      up.execute();
      return {};
    });
  };
  ASSERT_TRUE(put({1, 7, "甲", std::nullopt, Kind::kPlain, ""}).ok());
  ASSERT_TRUE(put({1, 7, "乙", "换了", Kind::kSpecial, ""}).ok());
  ASSERT_TRUE(put({2, 7, "丙", std::nullopt, Kind::kPlain, ""}).ok());
  auto rows = read_all(false);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "乙");
  EXPECT_EQ(rows[0].note.value_or(""), "换了");
  EXPECT_EQ(rows[0].kind, Kind::kSpecial);
  EXPECT_EQ(rows[1].name, "丙");
}

// An id of 0 is stored as NULL and read back as 0; a derived column is written
// from the row (here the name's length as text) and never read into it.
struct Twig {
  Id id = 0;
  Id parent_id = 0;  // 0: none
  std::string name;
};
std::string twig_label(const Twig& t) {
  return "L" + std::to_string(t.name.size());
}
const db::RowMap<Twig>& twig_map() {
  static const auto map = db::RowMap<Twig>("rowmap_twigs")
                              .col("id", &Twig::id)
                              .id_or_null("parent_id", &Twig::parent_id)
                              .col("name", &Twig::name)
                              .derived("label", twig_label);
  return map;
}

TEST_F(RowMapTest, AMissingIdIsNullAndADerivedColumnIsWrittenOnly) {
  auto made = db().write([](WriteTx& tx) -> Status {
    tx.sql << "CREATE TABLE rowmap_twigs (id BIGINT PRIMARY KEY, parent_id BIGINT, "
              "name TEXT NOT NULL, label TEXT NOT NULL)";
    for (Twig t : {Twig{1, 0, "root"}, Twig{2, 1, "child"}}) {
      db::PreparedWrite<Twig> ins(tx.sql, twig_map(), twig_map().insert_sql(), {});
      ins.row() = t;
      if (ins.execute() != 1) return Error::internal();
    }
    return {};
  });
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(twig_map().select_list(), "id, parent_id, name");
  auto [nulls, labels] = db().read([](soci::session& s) {
    int n = 0;
    std::string l;
    s << "SELECT COUNT(*) FROM rowmap_twigs WHERE parent_id IS NULL", soci::into(n);
    s << "SELECT label FROM rowmap_twigs WHERE id = 2", soci::into(l);
    return std::pair{n, l};
  });
  EXPECT_EQ(nulls, 1);
  EXPECT_EQ(labels, "L5");
  auto rows = db().read(
      [](soci::session& s) { return db::read_rows(twig_map(), s, "ORDER BY id", db::no_params); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].parent_id, 0);
  EXPECT_EQ(rows[1].parent_id, 1);
  EXPECT_EQ(rows[1].name, "child");
}

}  // namespace
