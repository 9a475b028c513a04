#pragma once
// One table of columns per row type: each column named once, next to the member
// it holds, and from that table the column list, the placeholders, the SET list
// and the bindings of SELECT, INSERT and UPDATE — so a column added to one
// statement cannot be missing from another, or bound in the wrong order.
//
//   static const db::RowMap<Visit> kVisits = db::RowMap<Visit>("visits")
//       .col("id", &Visit::id).col("seen", &Visit::seen).col("at", &Visit::at);
//   auto visits = db::read_rows(kVisits, sql, "WHERE person_id = :p",
//                               [&](soci::statement& st) { st.exchange(soci::use(p)); });
//
// Members are stored as they are (text, integers, doubles); bool as 0/1,
// std::optional as NULL (or an id of 0, id_or_null), and anything else (an enum) through a pair of
// functions to and from text. Include only in a feature's store files: it
// brings in SOCI.
#include <soci/soci.h>

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "platform/core/ids.hpp"
#include "platform/db/rows.hpp"

namespace gridgov::db {

// One column's value for one statement: staging storage SOCI binds to by
// reference, filled from the row before a write and copied into it after a fetch.
template <class T>
struct Cell {
  virtual ~Cell() = default;
  virtual void into(soci::statement& st) = 0;
  virtual void use(soci::statement& st, const std::string& name) = 0;
  virtual void load(T& row) const = 0;   // after a fetch
  virtual void store(const T& row) = 0;  // before an execute
};

// Column names, for a statement over some of a map's columns.
using Names = std::vector<std::string_view>;
// `names` and one more (an UPDATE's SET columns and the key its WHERE binds).
inline Names plus(Names names, std::string_view more) {
  names.push_back(more);
  return names;
}

template <class T>
class RowMap {
 public:
  explicit RowMap(std::string table) : table_(std::move(table)) {}

  // A column stored as its member is (std::string, Id/long long, int, double), or
  // converted: bool ↔ 0/1, std::optional<V> ↔ NULL.
  template <class M>
  RowMap&& col(std::string name, M T::*member) && {
    add(
        std::move(name), [member] { return make_cell(member); }, false);
    return std::move(*this);
  }
  // A column kept as text through two functions (an enum and its name).
  template <class M>
  RowMap&& text(std::string name, M T::*member, std::string (*to)(M),
                M (*from)(std::string_view)) && {
    add(
        std::move(name),
        [=] { return std::unique_ptr<Cell<T>>(new TextCell<M>(member, to, from)); }, false);
    return std::move(*this);
  }
  // An id whose absence (0) is stored as NULL (a parent the root does not have).
  RowMap&& id_or_null(std::string name, Id T::*member) && {
    add(
        std::move(name), [member] { return std::unique_ptr<Cell<T>>(new IdOrNullCell(member)); },
        false);
    return std::move(*this);
  }
  // A column written from the row but never read into it (a search key derived
  // from it: a number, or text such as a name's pinyin initials).
  template <class V>
  RowMap&& derived(std::string name, V (*of)(const T&)) && {
    add(
        std::move(name), [of] { return std::unique_ptr<Cell<T>>(new DerivedCell<V>(of)); }, true);
    return std::move(*this);
  }
  // A column of another table read into the row by read_joined() (`qualified`
  // as the join names it, "c.code"), never written.
  template <class M>
  RowMap&& joined(std::string qualified, M T::*member) && {
    add(
        std::move(qualified), [member] { return make_cell(member); }, false, true);
    return std::move(*this);
  }

  const std::string& table() const { return table_; }
  // "a, b, c" of the columns read into the row, each after `prefix` ("c." for an
  // alias); joined columns only when `with_joined`, as they are named.
  std::string select_list(std::string_view prefix = "", bool with_joined = false) const {
    std::string out;
    for (const auto& c : columns_) {
      if (c.write_only || (c.joined && !with_joined)) continue;
      if (!out.empty()) out += ", ";
      if (!c.joined) out.append(prefix);
      out.append(c.name);
    }
    return out;
  }
  // "INSERT INTO table (a, b) VALUES (:a, :b)" over `only` (every column when empty).
  std::string insert_sql(const Names& only = {}) const {
    std::string names, values;
    for (const auto* c : chosen(only)) {
      if (!names.empty()) names += ", ", values += ", ";
      names += c->name;
      values += ":" + c->name;
    }
    return "INSERT INTO " + table_ + " (" + names + ") VALUES (" + values + ")";
  }
  // insert_sql() that, where a row with the same `key` exists, sets every other
  // column from the new row instead, but those in `keep` (SQLite and PostgreSQL
  // say it alike).
  std::string upsert_sql(std::string_view key, const Names& keep = {}) const {
    std::string set;
    for (const auto* c : chosen({})) {
      bool kept = c->name == key;
      for (auto k : keep) kept = kept || c->name == k;
      if (!kept) set += (set.empty() ? "" : ", ") + c->name + " = excluded." + c->name;
    }
    return insert_sql() + " ON CONFLICT (" + std::string(key) + ") DO UPDATE SET " + set;
  }
  // "UPDATE table SET a = :a, b = :b" over `only`; the caller adds its WHERE.
  std::string update_sql(const Names& only) const {
    std::string set;
    for (const auto* c : chosen(only)) {
      if (!set.empty()) set += ", ";
      set += c->name + " = :" + c->name;
    }
    return "UPDATE " + table_ + " SET " + set;
  }

  // Staging for one statement, bound to it column by column (in the map's order
  // for reads; by name for writes, so the SQL may place them as it likes).
  class Binding {
   public:
    T row{};
    void load() {
      for (auto& c : cells_) c->load(row);
    }
    void store() {
      for (auto& c : cells_) c->store(row);
    }

   private:
    friend class RowMap;
    std::vector<std::unique_ptr<Cell<T>>> cells_;
  };
  // Binds every read column into `st` (before it is prepared), in select_list()'s order.
  std::unique_ptr<Binding> bind_into(soci::statement& st, bool with_joined = false) const {
    auto b = std::make_unique<Binding>();
    for (const auto& c : columns_) {
      if (c.write_only || (c.joined && !with_joined)) continue;
      b->cells_.push_back(c.make());
      b->cells_.back()->into(st);
    }
    return b;
  }
  // Binds `only` (every column when empty) as named uses of `st`.
  std::unique_ptr<Binding> bind_use(soci::statement& st, const Names& only = {}) const {
    auto b = std::make_unique<Binding>();
    for (const auto* c : chosen(only)) {
      b->cells_.push_back(c->make());
      b->cells_.back()->use(st, c->name);
    }
    return b;
  }

 private:
  struct Column {
    std::string name;
    std::function<std::unique_ptr<Cell<T>>()> make;
    bool write_only = false;
    bool joined = false;  // another table's: read by read_joined() only
  };
  void add(std::string name, std::function<std::unique_ptr<Cell<T>>()> make, bool write_only,
           bool joined = false) {
    columns_.push_back({std::move(name), std::move(make), write_only, joined});
  }
  std::vector<const Column*> chosen(const Names& only) const {
    std::vector<const Column*> out;
    if (only.size() == 0) {
      for (const auto& c : columns_)
        if (!c.joined) out.push_back(&c);
      return out;
    }
    for (auto name : only) {
      const Column* found = nullptr;
      for (const auto& c : columns_)
        if (c.name == name && !c.joined) found = &c;
      if (!found) throw std::logic_error("no column " + std::string(name) + " in " + table_);
      out.push_back(found);
    }
    return out;
  }

  // Stored as it is.
  template <class M>
  struct PlainCell : Cell<T> {
    M T::*member;
    M value{};
    explicit PlainCell(M T::*m) : member(m) {}
    void into(soci::statement& st) override { st.exchange(soci::into(value)); }
    void use(soci::statement& st, const std::string& name) override {
      st.exchange(soci::use(value, name));
    }
    void load(T& row) const override { row.*member = value; }
    void store(const T& row) override { value = row.*member; }
  };
  struct BoolCell : Cell<T> {
    bool T::*member;
    int value = 0;
    explicit BoolCell(bool T::*m) : member(m) {}
    void into(soci::statement& st) override { st.exchange(soci::into(value)); }
    void use(soci::statement& st, const std::string& name) override {
      st.exchange(soci::use(value, name));
    }
    void load(T& row) const override { row.*member = value != 0; }
    void store(const T& row) override { value = row.*member ? 1 : 0; }
  };
  // std::optional<V> ↔ NULL (V stored as it is; bool as 0/1).
  template <class V>
  struct OptionalCell : Cell<T> {
    using Stored = std::conditional_t<std::is_same_v<V, bool>, int, V>;
    std::optional<V> T::*member;
    Stored value{};
    soci::indicator ind = soci::i_null;
    explicit OptionalCell(std::optional<V> T::*m) : member(m) {}
    void into(soci::statement& st) override { st.exchange(soci::into(value, ind)); }
    void use(soci::statement& st, const std::string& name) override {
      st.exchange(soci::use(value, ind, name));
    }
    void load(T& row) const override {
      if (ind != soci::i_ok) {
        row.*member = std::nullopt;
      } else if constexpr (std::is_same_v<V, bool>) {
        row.*member = value != 0;
      } else {
        row.*member = value;
      }
    }
    void store(const T& row) override {
      const auto& v = row.*member;
      ind = v ? soci::i_ok : soci::i_null;
      value = v ? static_cast<Stored>(*v) : Stored{};
    }
  };
  template <class M>
  struct TextCell : Cell<T> {
    M T::*member;
    std::string (*to)(M);
    M (*from)(std::string_view);
    std::string value;
    TextCell(M T::*m, std::string (*t)(M), M (*f)(std::string_view)) : member(m), to(t), from(f) {}
    void into(soci::statement& st) override { st.exchange(soci::into(value)); }
    void use(soci::statement& st, const std::string& name) override {
      st.exchange(soci::use(value, name));
    }
    void load(T& row) const override { row.*member = from(value); }
    void store(const T& row) override { value = to(row.*member); }
  };
  struct IdOrNullCell : Cell<T> {
    Id T::*member;
    Id value = 0;
    soci::indicator ind = soci::i_null;
    explicit IdOrNullCell(Id T::*m) : member(m) {}
    void into(soci::statement& st) override { st.exchange(soci::into(value, ind)); }
    void use(soci::statement& st, const std::string& name) override {
      st.exchange(soci::use(value, ind, name));
    }
    void load(T& row) const override { row.*member = ind == soci::i_ok ? value : 0; }
    void store(const T& row) override {
      value = row.*member;
      ind = value ? soci::i_ok : soci::i_null;
    }
  };
  template <class V>
  struct DerivedCell : Cell<T> {
    V (*of)(const T&);
    V value{};
    explicit DerivedCell(V (*f)(const T&)) : of(f) {}
    void into(soci::statement&) override {}
    void use(soci::statement& st, const std::string& name) override {
      st.exchange(soci::use(value, name));
    }
    void load(T&) const override {}
    void store(const T& row) override { value = of(row); }
  };

  template <class M>
  static std::unique_ptr<Cell<T>> make_cell(M T::*member) {
    if constexpr (std::is_same_v<M, bool>) {
      return std::unique_ptr<Cell<T>>(new BoolCell(member));
    } else if constexpr (is_optional<M>::value) {
      return std::unique_ptr<Cell<T>>(new OptionalCell<typename M::value_type>(member));
    } else {
      return std::unique_ptr<Cell<T>>(new PlainCell<M>(member));
    }
  }
  template <class X>
  struct is_optional : std::false_type {};
  template <class X>
  struct is_optional<std::optional<X>> : std::true_type {};

  std::string table_;
  std::vector<Column> columns_;
};

// The rows `rest` ("WHERE … ORDER BY … LIMIT …") selects from `from` (the map's
// table as `prefix` names it, joined to the tables of its joined columns):
//   read_joined(kWhistles, sql, "w.", "case_whistles w JOIN cases c ON c.id = w.case_id", …)
// `bind` adds the uses of its placeholders (db::no_params when none).
template <class T, class Bind>
std::vector<T> read_joined(const RowMap<T>& map, soci::session& sql, std::string_view prefix,
                           const std::string& from, const std::string& rest, Bind bind) {
  soci::statement st(sql);
  st.alloc();
  bool joins = !prefix.empty();
  auto row = map.bind_into(st, joins);
  bind(st);
  st.prepare("SELECT " + map.select_list(prefix, joins) + " FROM " + from + " " + rest);
  st.define_and_bind();
  st.execute(false);
  std::vector<T> out;
  while (st.fetch()) {
    row->load();
    out.push_back(row->row);
  }
  return out;
}

// The rows of `map`'s own table that `rest` selects.
template <class T, class Bind>
std::vector<T> read_rows(const RowMap<T>& map, soci::session& sql, const std::string& rest,
                         Bind bind) {
  return read_joined(map, sql, "", map.table(), rest, bind);
}

template <class T, class Bind>
std::optional<T> read_row(const RowMap<T>& map, soci::session& sql, const std::string& rest,
                          Bind bind) {
  auto rows = read_rows(map, sql, rest + " LIMIT 1", bind);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// A write over some of a map's columns, prepared once on the writer's connection
// (WriteTx::prepared): fill `row`, then execute().
template <class T>
struct PreparedWrite {
  soci::statement st;
  std::unique_ptr<typename RowMap<T>::Binding> binding;
  // `columns` are bound by name (":name" in `text`); `extra` binds any other
  // placeholder (an expected version) to storage the caller keeps.
  PreparedWrite(soci::session& sql, const RowMap<T>& map, const std::string& text,
                const Names& columns, const std::function<void(soci::statement&)>& extra = {})
      : st(sql) {
    st.alloc();
    binding = map.bind_use(st, columns);
    if (extra) extra(st);
    st.prepare(text);
    st.define_and_bind();
  }
  T& row() { return binding->row; }
  // Executes with the row as filled; returns the rows affected.
  long long execute() {
    binding->store();
    st.execute(true);
    return st.get_affected_rows();
  }
};

}  // namespace gridgov::db
