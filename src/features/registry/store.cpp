#include "features/registry/store.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <type_traits>

#include "platform/db/row_map.hpp"
#include "platform/text/text.hpp"

namespace gridgov::registry {

std::vector<Migration> migrations() {
  return {{"registry",
           1,
           "people, households, where each lived when",
           {"CREATE TABLE households ("
            " id BIGINT PRIMARY KEY, house_id BIGINT NOT NULL, building_id BIGINT NOT NULL,"
            " node_path TEXT NOT NULL, head_id BIGINT NOT NULL, created_at BIGINT NOT NULL,"
            " dissolved_at BIGINT NOT NULL DEFAULT 0)",
            "CREATE INDEX households_by_house ON households (house_id, dissolved_at)",
            "CREATE TABLE persons ("
            " id BIGINT PRIMARY KEY, node_path TEXT NOT NULL, district_code TEXT NOT NULL,"
            " building_id BIGINT NOT NULL, house_id BIGINT NOT NULL, household_id BIGINT NOT NULL,"
            " house_label TEXT NOT NULL, name TEXT NOT NULL, initials TEXT NOT NULL,"
            " identity_sealed TEXT NOT NULL, identity_mask TEXT NOT NULL,"
            " identity_index TEXT NOT NULL, phone_sealed TEXT NOT NULL, phone_mask TEXT NOT NULL,"
            " phone_index TEXT NOT NULL, phone_tail TEXT NOT NULL, sex TEXT NOT NULL,"
            " birth_date TEXT NOT NULL, relation TEXT NOT NULL, residence TEXT NOT NULL,"
            " party_member INTEGER NOT NULL, tags TEXT NOT NULL, status TEXT NOT NULL,"
            " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, version INTEGER NOT NULL)",
            "CREATE INDEX persons_by_place ON persons (node_path, id)",
            "CREATE INDEX persons_by_household ON persons (household_id)",
            "CREATE UNIQUE INDEX persons_by_identity ON persons (identity_index)"
            " WHERE identity_index <> ''",
            "CREATE INDEX persons_by_phone ON persons (phone_index) WHERE phone_index <> ''",
            "CREATE TABLE residence_history ("
            " id BIGINT PRIMARY KEY, person_id BIGINT NOT NULL, household_id BIGINT NOT NULL,"
            " house_id BIGINT NOT NULL, house_label TEXT NOT NULL, node_path TEXT NOT NULL,"
            " moved_in BIGINT NOT NULL, moved_out BIGINT NOT NULL DEFAULT 0)",
            "CREATE INDEX residence_by_person ON residence_history (person_id, moved_in)"},
           {}},
          {"registry",
           2,
           "house use; path prefixes indexed on PostgreSQL",
           {"CREATE TABLE house_uses (house_id BIGINT PRIMARY KEY, building_id BIGINT NOT NULL,"
            " node_path TEXT NOT NULL, house_use TEXT NOT NULL, updated_at BIGINT NOT NULL,"
            " updated_by BIGINT NOT NULL)"},
           {"CREATE TABLE house_uses (house_id BIGINT PRIMARY KEY, building_id BIGINT NOT NULL,"
            " node_path TEXT NOT NULL, house_use TEXT NOT NULL, updated_at BIGINT NOT NULL,"
            " updated_by BIGINT NOT NULL)",
            "DROP INDEX persons_by_place",
            "CREATE INDEX persons_by_place ON persons (node_path text_pattern_ops, id)"}}};
}

namespace {
const db::RowMap<Person>& person_map() {
  static const db::RowMap<Person> map = db::RowMap<Person>("persons")
                                            .col("id", &Person::id)
                                            .col("node_path", &Person::node_path)
                                            .col("district_code", &Person::district_code)
                                            .col("building_id", &Person::building_id)
                                            .col("house_id", &Person::house_id)
                                            .col("household_id", &Person::household_id)
                                            .col("house_label", &Person::house_label)
                                            .col("name", &Person::name)
                                            .col("initials", &Person::initials)
                                            .col("identity_sealed", &Person::identity_sealed)
                                            .col("identity_mask", &Person::identity_mask)
                                            .col("identity_index", &Person::identity_index)
                                            .col("phone_sealed", &Person::phone_sealed)
                                            .col("phone_mask", &Person::phone_mask)
                                            .col("phone_index", &Person::phone_index)
                                            .col("phone_tail", &Person::phone_tail)
                                            .col("sex", &Person::sex)
                                            .col("birth_date", &Person::birth_date)
                                            .col("relation", &Person::relation)
                                            .col("residence", &Person::residence)
                                            .col("party_member", &Person::party_member)
                                            .col("tags", &Person::tags)
                                            .col("status", &Person::status)
                                            .col("created_at", &Person::created_at)
                                            .col("updated_at", &Person::updated_at)
                                            .col("version", &Person::version);
  return map;
}

template <typename Bind>
std::vector<Person> select(soci::session& sql, const std::string& rest, Bind bind) {
  return db::read_rows(person_map(), sql, rest, bind);
}
}  // namespace

Id current_household(soci::session& sql, Id house_id) {
  Id id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(id) FROM households WHERE house_id = :h AND dissolved_at = 0",
      soci::use(house_id), soci::into(id, ind);
  return ind == soci::i_ok ? id : 0;
}

namespace {
// A household as stored: the house it lives in and its head (dissolved_at 0: it still exists).
struct Household {
  Id id = 0, house_id = 0, building_id = 0;
  std::string node_path;
  Id head_id = 0;
  Millis created_at = 0, dissolved_at = 0;
};
const db::RowMap<Household>& household_map() {
  static const auto map = db::RowMap<Household>("households")
                              .col("id", &Household::id)
                              .col("house_id", &Household::house_id)
                              .col("building_id", &Household::building_id)
                              .col("node_path", &Household::node_path)
                              .col("head_id", &Household::head_id)
                              .col("created_at", &Household::created_at)
                              .col("dissolved_at", &Household::dissolved_at);
  return map;
}
const db::RowMap<Stay>& stay_map() {
  static const auto map = db::RowMap<Stay>("residence_history")
                              .col("id", &Stay::id)
                              .col("person_id", &Stay::person_id)
                              .col("household_id", &Stay::household_id)
                              .col("house_id", &Stay::house_id)
                              .col("house_label", &Stay::house_label)
                              .col("node_path", &Stay::node_path)
                              .col("moved_in", &Stay::moved_in)
                              .col("moved_out", &Stay::moved_out);
  return map;
}
// Kept prepared on the writer: a ledger inserts households and stays by the hundred thousand.
struct HouseholdInsert : db::PreparedWrite<Household> {
  explicit HouseholdInsert(soci::session& sql)
      : PreparedWrite(sql, household_map(), household_map().insert_sql(), {}) {}
};
struct StayInsert : db::PreparedWrite<Stay> {
  explicit StayInsert(soci::session& sql)
      : PreparedWrite(sql, stay_map(), stay_map().insert_sql(), {}) {}
};
// A new stay of `p` at its house, from `from`.
void begin_stay(WriteTx& tx, const Person& p, Millis from) {
  auto& stay = tx.prepared<StayInsert>();
  stay.row() = {new_id(), p.id, p.household_id, p.house_id, p.house_label, p.node_path, from, 0};
  stay.execute();
}
}  // namespace

Id create_household(WriteTx& tx, const Person& head, Millis now) {
  auto& ins = tx.prepared<HouseholdInsert>();
  ins.row() = {new_id(), head.house_id, head.building_id, head.node_path, head.id, now, 0};
  ins.execute();
  return ins.row().id;
}

namespace {
// Kept prepared on the writer: a ledger inserts people by the hundred thousand.
struct PersonInsert : db::PreparedWrite<Person> {
  explicit PersonInsert(soci::session& sql)
      : PreparedWrite(sql, person_map(), person_map().insert_sql(), {}) {}
};

}  // namespace

void insert(WriteTx& tx, const Person& p) {
  auto& ins = tx.prepared<PersonInsert>();
  ins.row() = p;
  ins.execute();
  begin_stay(tx, p, p.created_at);
}

std::optional<Person> get(soci::session& sql, Id id) {
  auto v =
      select(sql, "WHERE id = :id", [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<Id> by_identity(soci::session& sql, const std::string& identity_index) {
  Id id = 0;
  sql << "SELECT id FROM persons WHERE identity_index = :i AND identity_index <> ''",
      soci::use(identity_index), soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

std::vector<Person> search(soci::session& sql, const Query& q) {
  if (q.scopes.empty()) return {};
  std::vector<std::string> patterns;
  std::string where = "WHERE status = 'active' AND (";
  for (std::size_t i = 0; i < q.scopes.size(); ++i) {
    where += (i ? " OR " : "") + std::string("node_path LIKE :p") + std::to_string(i);
    patterns.push_back(q.scopes[i] + "%");
  }
  where += ")";
  // What people type is matched as text: % and _ in it are not wildcards.
  std::string name_like = "%" + text::like_escape(q.name_part) + "%",
              tag_like = "%," + text::like_escape(q.tag) + ",%",
              address_like = "%" + text::like_escape(q.address_part) + "%";
  if (!q.name_part.empty()) where += " AND name LIKE :name ESCAPE '\\'";
  if (!q.phone_tail.empty()) where += " AND phone_tail = :tail";
  if (!q.address_part.empty()) where += " AND house_label LIKE :addr ESCAPE '\\'";
  if (!q.tag.empty()) where += " AND tags LIKE :tag ESCAPE '\\'";
  if (!q.identity_index.empty())
    where += " AND identity_index = :ident AND identity_index <> ''";  // partial index
  Id before = q.before.value_or(0);
  if (q.before) where += " AND id < :before";
  return select(sql, where + " ORDER BY id DESC LIMIT " + std::to_string(q.limit),
                [&](soci::statement& st) {
                  for (std::size_t i = 0; i < patterns.size(); ++i)
                    st.exchange(soci::use(patterns[i], "p" + std::to_string(i)));
                  if (!q.name_part.empty()) st.exchange(soci::use(name_like, "name"));
                  if (!q.phone_tail.empty()) st.exchange(soci::use(q.phone_tail, "tail"));
                  if (!q.address_part.empty()) st.exchange(soci::use(address_like, "addr"));
                  if (!q.tag.empty()) st.exchange(soci::use(tag_like, "tag"));
                  if (!q.identity_index.empty()) st.exchange(soci::use(q.identity_index, "ident"));
                  if (q.before) st.exchange(soci::use(before, "before"));
                });
}

std::vector<Person> members(soci::session& sql, Id household_id) {
  return select(sql,
                "WHERE household_id = :h AND status = 'active' ORDER BY CASE WHEN relation ="
                " 'head' THEN 0 ELSE 1 END, created_at",
                [&](soci::statement& st) { st.exchange(soci::use(household_id, "h")); });
}

std::vector<Stay> stays(soci::session& sql, Id person_id) {
  return db::read_rows(stay_map(), sql, "WHERE person_id = :p ORDER BY moved_in, id",
                       [&](soci::statement& st) { st.exchange(soci::use(person_id, "p")); });
}

void move_out(WriteTx& tx, Person& p, Millis now) {
  tx.sql << "UPDATE residence_history SET moved_out = :t WHERE person_id = :p AND moved_out = 0",
      soci::use(now), soci::use(p.id);
  Id household = p.household_id;
  bool was_head = p.relation == "head";
  p.status = "moved_out";
  p.household_id = 0;
  p.updated_at = now;
  tx.sql << "UPDATE persons SET status = 'moved_out', household_id = 0, updated_at = :t,"
            " version = version + 1 WHERE id = :id",
      soci::use(now), soci::use(p.id);
  if (!household) return;
  auto rest = members(tx.sql, household);
  if (rest.empty()) {
    tx.sql << "UPDATE households SET dissolved_at = :t WHERE id = :h", soci::use(now),
        soci::use(household);
  } else if (was_head) {
    tx.sql << "UPDATE persons SET relation = 'head', version = version + 1 WHERE id = :id",
        soci::use(rest.front().id);
    tx.sql << "UPDATE households SET head_id = :p WHERE id = :h", soci::use(rest.front().id),
        soci::use(household);
  }
}

void move_in(WriteTx& tx, Person& p, Id building_id, const std::string& node_path,
             const std::string& district_code, Id house_id, const std::string& house_label,
             Millis now) {
  p.building_id = building_id;
  p.node_path = node_path;
  p.district_code = district_code;
  p.house_id = house_id;
  p.house_label = house_label;
  p.status = "active";
  p.updated_at = now;
  p.household_id = current_household(tx.sql, house_id);
  if (!p.household_id) {
    p.relation = "head";
    p.household_id = create_household(tx, p, now);
  } else if (p.relation == "head") {
    p.relation = "other";  // the household there has its head
  }
  tx.sql << "UPDATE persons SET building_id = :b, node_path = :np, district_code = :dc,"
            " house_id = :h, house_label = :hl, household_id = :hh, relation = :r,"
            " status = 'active', updated_at = :t, version = version + 1 WHERE id = :id",
      soci::use(p.building_id), soci::use(p.node_path), soci::use(p.district_code),
      soci::use(p.house_id), soci::use(p.house_label), soci::use(p.household_id),
      soci::use(p.relation), soci::use(now), soci::use(p.id);
  begin_stay(tx, p, now);
}

bool version_current(WriteTx& tx, Id person_id, int version) {
  int current = 0;
  tx.sql << "SELECT version FROM persons WHERE id = :id", soci::use(person_id), soci::into(current);
  return current == version;
}

const std::vector<std::pair<std::string, std::string>>& house_uses() {
  static const std::vector<std::pair<std::string, std::string>> u = {
      {"owner_occupied", "自住"}, {"rented", "出租"}, {"vacant", "空置"}, {"commercial", "商用"}};
  return u;
}

namespace {
const db::RowMap<HouseUse>& house_use_map() {
  static const auto map = db::RowMap<HouseUse>("house_uses")
                              .col("house_id", &HouseUse::house_id)
                              .col("building_id", &HouseUse::building_id)
                              .col("node_path", &HouseUse::node_path)
                              .col("house_use", &HouseUse::use)
                              .col("rooms", &HouseUse::rooms)
                              .col("updated_at", &HouseUse::updated_at)
                              .col("updated_by", &HouseUse::updated_by);
  return map;
}
}  // namespace

std::optional<HouseUse> house_use_of(soci::session& sql, Id house_id) {
  return db::read_row(house_use_map(), sql, "WHERE house_id = :h",
                      [&](soci::statement& st) { st.exchange(soci::use(house_id, "h")); });
}

std::string house_use(soci::session& sql, Id house_id) {
  auto u = house_use_of(sql, house_id);
  return u ? u->use : std::string();
}

void set_house_use(WriteTx& tx, Id house_id, Id building_id, const std::string& node_path,
                   const std::string& use, int rooms, Id by, Millis now) {
  db::PreparedWrite<HouseUse> put(tx.sql, house_use_map(), house_use_map().upsert_sql("house_id"),
                                  {});
  put.row() = {house_id, building_id, node_path, use, rooms, now, by};
  put.execute();
}

namespace {
// Values written into SQL text: ids (digits) and blind indexes (hex) only, 500 at a time.
template <class T, class F>
void in_batches(const std::vector<T>& values, F run) {
  for (std::size_t at = 0; at < values.size(); at += 500) {
    std::string list;
    for (std::size_t i = at; i < std::min(values.size(), at + 500); ++i) {
      if constexpr (std::is_same_v<T, std::string>)
        list += (list.empty() ? "'" : ",'") + values[i] + "'";
      else
        list += (list.empty() ? "" : ",") + std::to_string(values[i]);
    }
    run(list);
  }
}
}  // namespace

std::vector<std::pair<std::string, std::string>> registered_identities(
    soci::session& sql, const std::vector<std::string>& identity_indexes) {
  std::vector<std::pair<std::string, std::string>> out;
  in_batches(identity_indexes, [&](const std::string& list) {
    for (auto row : db::select_rows<db::Two<std::string, std::string>>(
             sql,
             "SELECT identity_index, node_path FROM persons WHERE identity_index IN (" + list +
                 ") AND identity_index <> ''",  // the partial index applies only so
             db::no_params))
      out.push_back(std::move(row));
  });
  return out;
}

std::vector<std::pair<Id, Id>> current_households(soci::session& sql,
                                                  const std::vector<Id>& house_ids) {
  std::vector<std::pair<Id, Id>> out;
  in_batches(house_ids, [&](const std::string& list) {
    for (auto row : db::select_rows<db::Two<Id, Id>>(
             sql,
             "SELECT house_id, MAX(id) FROM households WHERE dissolved_at = 0 AND house_id IN (" +
                 list + ") GROUP BY house_id",
             db::no_params))
      out.push_back(row);
  });
  return out;
}

std::vector<Id> rented_houses(soci::session& sql, const std::vector<Id>& house_ids) {
  std::vector<Id> out;
  in_batches(house_ids, [&](const std::string& list) {
    for (Id h : db::select_rows<db::One<Id>>(
             sql,
             "SELECT house_id FROM house_uses WHERE house_use = 'rented' AND house_id IN (" + list +
                 ")",
             db::no_params))
      out.push_back(h);
  });
  return out;
}

long long residents_below(soci::session& sql, const std::string& path, long long) {
  return db::count_under(sql, "persons", path, "status = 'active'");
}

long long households_below(soci::session& sql, const std::string& path, long long) {
  return db::count_under(sql, "households", path, "dissolved_at = 0");
}

}  // namespace gridgov::registry
