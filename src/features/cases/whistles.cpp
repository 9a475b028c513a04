#include "features/cases/whistles.hpp"

#include <soci/soci.h>

#include "features/cases/store.hpp"
#include "platform/db/rows.hpp"

namespace gridgov::cases::whistles {
namespace {

constexpr const char* kColumns =
    "w.id, w.case_id, c.code, c.title, w.district_code, w.node_path, w.department_id,"
    " w.department_path, w.department_name, w.whistler_id, w.whistler_name, w.note, w.state,"
    " w.due_at, w.overdue, w.reported_at, w.report_note, w.reporter_name, w.rating,"
    " w.rating_note, w.rated_at, w.created_at, w.version";

struct Row {
  Whistle w;
  int overdue = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(w.id));
    st.exchange(soci::into(w.case_id));
    st.exchange(soci::into(w.case_code));
    st.exchange(soci::into(w.case_title));
    st.exchange(soci::into(w.district_code));
    st.exchange(soci::into(w.node_path));
    st.exchange(soci::into(w.department_id));
    st.exchange(soci::into(w.department_path));
    st.exchange(soci::into(w.department_name));
    st.exchange(soci::into(w.whistler_id));
    st.exchange(soci::into(w.whistler_name));
    st.exchange(soci::into(w.note));
    st.exchange(soci::into(w.state));
    st.exchange(soci::into(w.due_at));
    st.exchange(soci::into(overdue));
    st.exchange(soci::into(w.reported_at));
    st.exchange(soci::into(w.report_note));
    st.exchange(soci::into(w.reporter_name));
    st.exchange(soci::into(w.rating));
    st.exchange(soci::into(w.rating_note));
    st.exchange(soci::into(w.rated_at));
    st.exchange(soci::into(w.created_at));
    st.exchange(soci::into(w.version));
  }
  Whistle get() const {
    Whistle out = w;
    out.overdue = overdue != 0;
    return out;
  }
};

// Runs `SELECT <columns> FROM case_whistles w JOIN cases c … <rest>`; `bind` adds the uses.
template <typename Bind>
std::vector<Whistle> select(soci::session& sql, const std::string& rest, Bind bind) {
  return db::select_rows<Row>(sql,
                              std::string("SELECT ") + kColumns +
                                  " FROM case_whistles w JOIN cases c ON c.id = w.case_id " + rest,
                              bind);
}

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
  tx.sql << "INSERT INTO case_whistles (id, case_id, district_code, node_path, department_id,"
            " department_path, department_name, whistler_id, whistler_name, note, state, due_at,"
            " overdue, reported_at, report_note, reporter_name, rating, rating_note, rated_at,"
            " created_at, version) VALUES (:id, :c, :dc, :np, :d, :dp, :dn, :wi, :wn, :note,"
            " 'whistled', :due, 0, 0, '', '', 0, '', 0, :t, 1)",
      soci::use(w.id), soci::use(w.case_id), soci::use(w.district_code), soci::use(w.node_path),
      soci::use(w.department_id), soci::use(w.department_path), soci::use(w.department_name),
      soci::use(w.whistler_id), soci::use(w.whistler_name), soci::use(w.note), soci::use(w.due_at),
      soci::use(w.created_at);
}

bool update(WriteTx& tx, const Whistle& w, int version) {
  int overdue = w.overdue ? 1 : 0;
  soci::statement st =
      (tx.sql.prepare << "UPDATE case_whistles SET state = :s, overdue = :o, reported_at = :ra,"
                         " report_note = :rn, reporter_name = :rp, rating = :r, rating_note = :rt,"
                         " rated_at = :at, version = version + 1 WHERE id = :id AND version = :v",
       soci::use(w.state), soci::use(overdue), soci::use(w.reported_at), soci::use(w.report_note),
       soci::use(w.reporter_name), soci::use(w.rating), soci::use(w.rating_note),
       soci::use(w.rated_at), soci::use(w.id), soci::use(version));
  st.execute(true);
  return st.get_affected_rows() == 1;
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
