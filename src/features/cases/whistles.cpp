#include "features/cases/whistles.hpp"

#include <soci/soci.h>

#include "features/cases/store.hpp"
#include "platform/db/row_map.hpp"
#include "platform/db/rows.hpp"

namespace gridgov::cases::whistles {
namespace {

const db::RowMap<Whistle>& whistle_map() {
  static const auto map = db::RowMap<Whistle>("case_whistles")
                              .col("id", &Whistle::id)
                              .col("case_id", &Whistle::case_id)
                              .joined("c.code", &Whistle::case_code)
                              .joined("c.title", &Whistle::case_title)
                              .col("district_code", &Whistle::district_code)
                              .col("node_path", &Whistle::node_path)
                              .col("department_id", &Whistle::department_id)
                              .col("department_path", &Whistle::department_path)
                              .col("department_name", &Whistle::department_name)
                              .col("whistler_id", &Whistle::whistler_id)
                              .col("whistler_name", &Whistle::whistler_name)
                              .col("note", &Whistle::note)
                              .col("state", &Whistle::state)
                              .col("due_at", &Whistle::due_at)
                              .col("overdue", &Whistle::overdue)
                              .col("reported_at", &Whistle::reported_at)
                              .col("report_note", &Whistle::report_note)
                              .col("reporter_name", &Whistle::reporter_name)
                              .col("rating", &Whistle::rating)
                              .col("rating_note", &Whistle::rating_note)
                              .col("rated_at", &Whistle::rated_at)
                              .col("created_at", &Whistle::created_at)
                              .col("version", &Whistle::version);
  return map;
}

// Whistles with their case's code and title; `rest` is "WHERE …" over `w`.
template <typename Bind>
std::vector<Whistle> select(soci::session& sql, const std::string& rest, Bind bind) {
  return db::read_joined(whistle_map(), sql, "w.",
                         "case_whistles w JOIN cases c ON c.id = w.case_id", rest, bind);
}

// What the report and the rating change, only while the version read is current.
const db::Names kAnswered = {"state",         "overdue", "reported_at", "report_note",
                             "reporter_name", "rating",  "rating_note", "rated_at"};
struct WhistleUpdate : db::PreparedWrite<Whistle> {
  long long expected = 0;
  explicit WhistleUpdate(soci::session& sql)
      : PreparedWrite(sql, whistle_map(),
                      whistle_map().update_sql(kAnswered) +
                          ", version = version + 1 WHERE id = :id AND version = :expected",
                      db::plus(kAnswered, "id"), [this](soci::statement& st) {
                        st.exchange(soci::use(expected, "expected"));
                      }) {}
};
struct WhistleInsert : db::PreparedWrite<Whistle> {
  explicit WhistleInsert(soci::session& sql)
      : PreparedWrite(sql, whistle_map(), whistle_map().insert_sql(), {}) {}
};

Error illegal(const std::string& zh, const std::string& en) {
  return Error::make(ErrorKind::kInvalid, "illegal_transition", zh, en);
}

}  // namespace

Status can_report(const Whistle& w) {
  if (w.state != "whistled") return illegal("该部门已报到", "The department has already reported");
  return {};
}

Status can_rate(const Whistle& w, Millis now) {
  if (w.state == "rated") return illegal("已评价", "Already rated");
  if (w.state == "whistled" && now <= w.due_at) {
    return illegal("部门尚未报到，报到时限未到，暂不能评价",
                   "The department has not reported and its deadline has not passed");
  }
  return {};
}

std::vector<Whistle> of_case(soci::session& sql, Id case_id) {
  return select(sql, "WHERE w.case_id = :c ORDER BY w.id",
                [&](soci::statement& st) { st.exchange(soci::use(case_id, "c")); });
}

std::optional<Whistle> get(soci::session& sql, Id id) {
  auto v = select(sql, "WHERE w.id = :id",
                  [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

bool open_for(soci::session& sql, Id case_id, Id department_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM case_whistles WHERE case_id = :c AND department_id = :d"
         " AND state <> 'rated'",
      soci::use(case_id), soci::use(department_id), soci::into(n);
  return n > 0;
}

bool whistled_within(soci::session& sql, Id case_id, const std::vector<std::string>& scopes) {
  if (scopes.empty()) return false;
  std::string path;
  soci::statement st =
      (sql.prepare << "SELECT department_path FROM case_whistles WHERE case_id = :c",
       soci::use(case_id), soci::into(path));
  st.execute(false);
  while (st.fetch()) {
    for (const auto& s : scopes)
      if (path.compare(0, s.size(), s) == 0) return true;
  }
  return false;
}

void insert(WriteTx& tx, const Whistle& w) {
  auto& ins = tx.prepared<WhistleInsert>();
  ins.row() = w;
  ins.execute();
}

bool update(WriteTx& tx, const Whistle& w, int version) {
  auto& up = tx.prepared<WhistleUpdate>();
  up.row() = w;
  up.expected = version;
  return up.execute() == 1;
}

std::vector<Whistle> list(soci::session& sql, const Query& q) {
  std::vector<std::string> patterns, ors;
  for (const auto& s : q.department_scopes) {
    ors.push_back("w.department_path LIKE :p" + std::to_string(patterns.size()));
    patterns.push_back(s + "%");
  }
  for (const auto& s : q.place_scopes) {
    ors.push_back("w.node_path LIKE :p" + std::to_string(patterns.size()));
    patterns.push_back(s + "%");
  }
  if (ors.empty()) return {};
  std::string where = "WHERE (";
  for (std::size_t i = 0; i < ors.size(); ++i) where += (i ? " OR " : "") + ors[i];
  where += ")";
  if (!q.state.empty()) where += " AND w.state = :state";
  if (q.before) where += " AND w.id < :before";
  Id before = q.before.value_or(0);
  return select(sql, where + " ORDER BY w.id DESC LIMIT " + std::to_string(q.limit),
                [&](soci::statement& st) {
                  for (std::size_t i = 0; i < patterns.size(); ++i)
                    st.exchange(soci::use(patterns[i], "p" + std::to_string(i)));
                  if (!q.state.empty()) st.exchange(soci::use(q.state, "state"));
                  if (q.before) st.exchange(soci::use(before, "before"));
                });
}

std::vector<Whistle> mark_overdue(WriteTx& tx, Millis now) {
  auto late = select(tx.sql, "WHERE w.state = 'whistled' AND w.overdue = 0 AND w.due_at <= :now",
                     [&](soci::statement& st) { st.exchange(soci::use(now, "now")); });
  for (auto& w : late) {
    tx.sql << "UPDATE case_whistles SET overdue = 1, version = version + 1 WHERE id = :id",
        soci::use(w.id);
    w.overdue = true;
  }
  return late;
}

std::vector<DepartmentScore> scores(soci::session& sql, const std::string& node_path, Millis from,
                                    Millis to) {
  std::vector<DepartmentScore> out;
  DepartmentScore s;
  std::string pattern = node_path + "%";
  soci::statement st =
      (sql.prepare << "SELECT department_id, MIN(department_name), COUNT(*),"
                      " SUM(CASE WHEN state <> 'whistled' THEN 1 ELSE 0 END),"
                      " SUM(CASE WHEN reported_at > 0 AND reported_at <= due_at THEN 1 ELSE 0 END),"
                      " SUM(CASE WHEN state = 'rated' THEN 1 ELSE 0 END),"
                      " SUM(CASE WHEN state = 'rated' THEN rating ELSE 0 END)"
                      " FROM case_whistles WHERE node_path LIKE :p AND created_at >= :f"
                      " AND created_at < :t GROUP BY department_id ORDER BY department_id",
       soci::use(pattern), soci::use(from), soci::use(to), soci::into(s.department_id),
       soci::into(s.name), soci::into(s.whistled), soci::into(s.reported), soci::into(s.on_time),
       soci::into(s.rated), soci::into(s.rating_sum));
  st.execute(false);
  while (st.fetch()) out.push_back(s);
  return out;
}

Whistle make(const Case& c, const tree::Node& department, Id whistler_id, std::string whistler_name,
             std::string note, Millis now, Millis due) {
  Whistle w;
  w.id = new_id();
  w.case_id = c.id;
  w.case_code = c.code;
  w.case_title = c.title;
  w.district_code = c.district_code;
  w.node_path = c.node_path;
  w.department_id = department.id;
  w.department_path = department.path;
  w.department_name = department.name;
  w.whistler_id = whistler_id;
  w.whistler_name = std::move(whistler_name);
  w.note = std::move(note);
  w.due_at = due;
  w.created_at = now;
  return w;
}

long long waiting_below(soci::session& sql, const std::string& node_path, long long) {
  return db::count_under(sql, "case_whistles", node_path, "state = 'whistled'");
}

}  // namespace gridgov::cases::whistles
