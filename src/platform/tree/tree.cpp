#include "platform/tree/tree.hpp"

#include <soci/soci.h>
#include <algorithm>

#include "platform/db/row_map.hpp"
#include "platform/text/pinyin.hpp"
#include "platform/text/text.hpp"

namespace gridgov {

bool path_covers(std::string_view ancestor, std::string_view node_path) {
  if (ancestor.empty() || ancestor.back() != '/') return false;
  return node_path.size() >= ancestor.size() && node_path.substr(0, ancestor.size()) == ancestor;
}

namespace tree {

const std::vector<std::string>& levels() {
  static const std::vector<std::string> l = {"country",  "province",  "city",
                                             "district", "street",    "community",
                                             "grid",     "microgrid", "building"};
  return l;
}

int level_rank(std::string_view level) {
  const auto& l = levels();
  auto it = std::find(l.begin(), l.end(), level);
  return it == l.end() ? -1 : static_cast<int>(it - l.begin());
}

bool known_level(std::string_view level) {
  return level_rank(level) >= 0 || level == kDepartment;
}

std::string level_zh(std::string_view level) {
  static const char* zh[] = {"全国", "省", "市", "区县", "街道", "社区", "网格", "微网格", "楼栋"};
  if (level == kDepartment) return "职能部门";
  int r = level_rank(level);
  return r < 0 ? std::string(level) : zh[r];
}

std::vector<Migration> migrations() {
  return {
      {"tree",
       1,
       "nodes",
       {"CREATE TABLE nodes ("
        " id BIGINT PRIMARY KEY,"
        " parent_id BIGINT REFERENCES nodes(id),"
        " path TEXT NOT NULL UNIQUE,"
        " code TEXT NOT NULL,"
        " name TEXT NOT NULL,"
        " level TEXT NOT NULL,"
        " district_code TEXT NOT NULL,"
        " status TEXT NOT NULL DEFAULT 'active',"
        " version INTEGER NOT NULL DEFAULT 1,"
        " created_at BIGINT NOT NULL,"
        " updated_at BIGINT NOT NULL)",
        // A few official codes name two levels of one place (东莞市 is both a city and
        // its only county-level unit): unique per level, not overall.
        "CREATE UNIQUE INDEX nodes_code ON nodes (code, level)",
        "CREATE INDEX nodes_parent ON nodes (parent_id, code)",
        "INSERT INTO nodes (id, parent_id, path, code, name, level, district_code, created_at,"
        " updated_at) VALUES (1, NULL, '/1/', '000000000000', '全国', 'country', '000000', 0, 0)"},
       {}},
      {"tree",
       2,
       "pinyin initials for name search",
       {"ALTER TABLE nodes ADD COLUMN initials TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE nodes ADD COLUMN initials_alt TEXT NOT NULL DEFAULT ''",
        "UPDATE nodes SET initials = 'qg' WHERE id = 1"},
       {}},
      // PostgreSQL uses an index for `path LIKE 'prefix%'` only through the
      // pattern operator class (unless the database's collation is "C").
      {"tree",
       3,
       "subtree lookups by path prefix on PostgreSQL",
       {"SELECT 1"},
       {"CREATE INDEX nodes_path_pattern ON nodes (path text_pattern_ops)"}},
  };
}

namespace {
std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string initials_of(const Node& n) {
  return pinyin::initials(n.name).primary;
}
std::string initials_alt_of(const Node& n) {
  return pinyin::initials(n.name).alternate;
}

const db::RowMap<Node>& node_map() {
  static const auto map = db::RowMap<Node>("nodes")
                              .col("id", &Node::id)
                              .id_or_null("parent_id", &Node::parent_id)
                              .col("path", &Node::path)
                              .col("code", &Node::code)
                              .col("name", &Node::name)
                              .col("level", &Node::level)
                              .col("district_code", &Node::district_code)
                              .col("status", &Node::status)
                              .col("version", &Node::version)
                              .col("created_at", &Node::created_at)
                              .col("updated_at", &Node::updated_at)
                              .derived("initials", initials_of)
                              .derived("initials_alt", initials_alt_of);
  return map;
}

// Runs `where` (with bound values added by `bind`) and collects nodes.
template <class Bind>
std::vector<Node> select_nodes(soci::session& sql, const std::string& where, Bind bind) {
  return db::read_rows(node_map(), sql, where, bind);
}
}  // namespace

std::optional<Node> get(soci::session& sql, Id id) {
  auto v =
      select_nodes(sql, "WHERE id = :id", [&](soci::statement& st) { st.exchange(soci::use(id)); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<Node> get_by_code(soci::session& sql, const std::string& code) {
  // Where a code names two levels, the upper one.
  auto v = select_nodes(sql, "WHERE code = :code ORDER BY LENGTH(path) LIMIT 1",
                        [&](soci::statement& st) { st.exchange(soci::use(code)); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<Node> get_by_path(soci::session& sql, const std::string& path) {
  auto v = select_nodes(sql, "WHERE path = :path",
                        [&](soci::statement& st) { st.exchange(soci::use(path)); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Node> children(soci::session& sql, Id parent, int limit,
                           const std::string& after_code) {
  return select_nodes(
      sql, "WHERE parent_id = :p AND code > :after ORDER BY code LIMIT " + std::to_string(limit),
      [&](soci::statement& st) {
        st.exchange(soci::use(parent));
        st.exchange(soci::use(after_code));
      });
}

namespace {
// "1,7,42": the ids along a path, checked to be digits (they go into SQL text).
std::string path_ids(const std::string& path) {
  std::string ids;
  std::size_t i = 1;
  while (i < path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) break;
    std::string id = path.substr(i, j - i);
    if (!text::all_digits(id)) break;
    ids += (ids.empty() ? "" : ",") + id;
    i = j + 1;
  }
  return ids;
}
}  // namespace

std::vector<Node> departments_serving(soci::session& sql, const Node& place) {
  std::string ids = path_ids(place.path);
  if (ids.empty()) return {};
  return select_nodes(sql,
                      "WHERE parent_id IN (" + ids +
                          ") AND level = 'department'"
                          " AND status = 'active' ORDER BY code",
                      [](soci::statement&) {});
}

std::string parent_path(const std::string& path) {
  if (path.size() < 2) return {};
  auto slash = path.rfind('/', path.size() - 2);
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::vector<Node> ancestors(soci::session& sql, const Node& node) {
  std::vector<Node> out;
  // Ids come from the path itself, so one query finds them all.
  std::string ids = path_ids(node.path);
  if (ids.empty()) return out;
  out = select_nodes(sql, "WHERE id IN (" + ids + ")", [](soci::statement&) {});
  std::sort(out.begin(), out.end(),
            [](const Node& a, const Node& b) { return a.path.size() < b.path.size(); });
  return out;
}

std::vector<Node> search(soci::session& sql, const std::vector<std::string>& scopes,
                         const std::string& query, int limit) {
  if (scopes.empty() || query.empty()) return {};
  bool letters = std::all_of(query.begin(), query.end(),
                             [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
  std::string text = letters ? lower_ascii(query) : query;
  std::string needle = "%" + text::like_escape(text) + "%", prefix = text::like_escape(text) + "%";
  std::string where = "(";
  for (std::size_t i = 0; i < scopes.size(); ++i) {
    where += (i ? " OR " : "") + std::string("path LIKE :s") + std::to_string(i);
  }
  where += letters ? ") AND (initials LIKE :q ESCAPE '\\' OR initials_alt LIKE :q2 ESCAPE '\\')"
                   : ") AND name LIKE :q ESCAPE '\\'";
  // Best first: the whole name (or its initials), then names that start so, then the
  // rest; within each, higher levels (fewer steps from the root) first, then by code.
  std::string rank =
      letters ? "CASE WHEN initials = :e OR initials_alt = :e2 THEN 0"
                " WHEN initials LIKE :p ESCAPE '\\' OR initials_alt LIKE :p2 ESCAPE '\\' THEN 1"
                " ELSE 2 END"
              : "CASE WHEN name = :e THEN 0 WHEN name LIKE :p ESCAPE '\\' THEN 1 ELSE 2 END";
  std::string depth = "(LENGTH(path) - LENGTH(REPLACE(path, '/', '')))";
  std::vector<std::string> patterns;
  for (const auto& s : scopes) patterns.push_back(s + "%");
  return select_nodes(sql,
                      "WHERE " + where + " ORDER BY " + rank + ", " + depth + ", code LIMIT " +
                          std::to_string(limit),
                      [&](soci::statement& st) {
                        for (std::size_t i = 0; i < patterns.size(); ++i) {
                          st.exchange(soci::use(patterns[i], "s" + std::to_string(i)));
                        }
                        st.exchange(soci::use(needle, "q"));
                        if (letters) st.exchange(soci::use(needle, "q2"));
                        st.exchange(soci::use(text, "e"));
                        if (letters) st.exchange(soci::use(text, "e2"));
                        st.exchange(soci::use(prefix, "p"));
                        if (letters) st.exchange(soci::use(prefix, "p2"));
                      });
}

std::vector<Node> subtree(soci::session& sql, const Node& top, const std::string& level, int limit,
                          const std::string& after_code) {
  std::string pattern = top.path + "%";
  std::string where = "WHERE path LIKE :p AND id <> :top AND code > :after";
  if (!level.empty()) where += " AND level = :level";
  return select_nodes(sql, where + " ORDER BY code LIMIT " + std::to_string(limit),
                      [&](soci::statement& st) {
                        st.exchange(soci::use(pattern, "p"));
                        st.exchange(soci::use(top.id, "top"));
                        st.exchange(soci::use(after_code, "after"));
                        if (!level.empty()) st.exchange(soci::use(level, "level"));
                      });
}

std::vector<Node> named_in(soci::session& sql, const Node& top, const std::string& level,
                           const std::string& text) {
  std::string pattern = top.path + "%";
  // LENGTH counts characters on both backends: the longest name is the most specific.
  return select_nodes(
      sql,
      "WHERE path LIKE :p AND level = :level AND status = 'active'"
      " AND :text LIKE '%' || name || '%' ORDER BY LENGTH(name) DESC, code LIMIT 20",
      [&](soci::statement& st) {
        st.exchange(soci::use(pattern, "p"));
        st.exchange(soci::use(level, "level"));
        st.exchange(soci::use(text, "text"));
      });
}

long long count_active(soci::session& sql, const std::string& path, std::string_view level) {
  long long n = 0;
  std::string pattern = path + "%", lv(level);
  sql << "SELECT COUNT(*) FROM nodes WHERE path LIKE :p AND level = :l AND status = 'active'",
      soci::use(pattern), soci::use(lv), soci::into(n);
  return n;
}

std::map<std::string, int> count_by_level(soci::session& sql, const Node& top) {
  std::map<std::string, int> out;
  std::string pattern = top.path + "%";
  std::string level;
  int n = 0;
  soci::statement st = (sql.prepare << "SELECT level, COUNT(*) FROM nodes WHERE path LIKE :p"
                                       " AND id <> :top GROUP BY level",
                        soci::use(pattern), soci::use(top.id), soci::into(level), soci::into(n));
  st.execute(false);
  while (st.fetch()) out[level] = n;
  return out;
}

Result<Node> rename(WriteTx& tx, const Node& node, const std::string& name, int version,
                    Millis now) {
  if (!text::valid_utf8(name) || text::has_control(name) || text::length(name) == 0 ||
      text::length(name) > 64) {
    return Error::invalid("name", "名称须为 1–64 个字符", "The name must be 1–64 characters");
  }
  auto initials = pinyin::initials(name);
  soci::statement up =
      (tx.sql.prepare << "UPDATE nodes SET name = :n, initials = :i, initials_alt = :ia,"
                         " version = version + 1, updated_at = :t WHERE id = :id AND version = :v",
       soci::use(name), soci::use(initials.primary), soci::use(initials.alternate), soci::use(now),
       soci::use(node.id), soci::use(version));
  up.execute(true);
  if (up.get_affected_rows() == 0) {
    return Error::make(ErrorKind::kConflict, "version_conflict", "该节点已被他人修改，请刷新后重试",
                       "Someone else changed this node; reload and try again", "version");
  }
  Node out = node;
  out.name = name;
  out.version = version + 1;
  out.updated_at = now;
  return out;
}

Result<Node> move(WriteTx& tx, const Node& node, const Node& new_parent, int version, Millis now) {
  if (path_covers(node.path, new_parent.path)) {
    return Error::invalid("parent_id", "不能移到自身或其下级之下",
                          "A node cannot move below itself");
  }
  if (new_parent.status != "active") {
    return Error::invalid("parent_id", "目标上级已撤销", "The new parent is retired");
  }
  std::string new_path = new_parent.path + std::to_string(node.id) + "/";
  soci::statement up =
      (tx.sql.prepare << "UPDATE nodes SET parent_id = :p, version = version + 1,"
                         " updated_at = :t WHERE id = :id AND version = :v",
       soci::use(new_parent.id), soci::use(now), soci::use(node.id), soci::use(version));
  up.execute(true);
  if (up.get_affected_rows() == 0) {
    return Error::make(ErrorKind::kConflict, "version_conflict", "该节点已被他人修改，请刷新后重试",
                       "Someone else changed this node; reload and try again", "version");
  }
  // The node and everything below it: swap the old path prefix for the new one.
  std::string pattern = node.path + "%";
  int old_len = static_cast<int>(node.path.size());
  tx.sql << "UPDATE nodes SET path = :np || SUBSTR(path, :n) WHERE path LIKE :pat",
      soci::use(new_path), soci::use(old_len + 1), soci::use(pattern);
  Node out = node;
  out.parent_id = new_parent.id;
  out.path = new_path;
  out.version = version + 1;
  out.updated_at = now;
  return out;
}

Status validate_new_node(const Node& parent, const NewNode& input) {
  if (!text::valid_utf8(input.name) || text::has_control(input.name)) {
    return Error::invalid("name", "名称包含无效字符", "The name contains invalid characters");
  }
  std::size_t len = text::length(input.name);
  if (len == 0 || len > 64) {
    return Error::invalid("name", "名称须为 1–64 个字符", "The name must be 1–64 characters");
  }
  if (!text::all_digits(input.code) || input.code.size() < 6 || input.code.size() > 20) {
    return Error::invalid("code", "编码须为 6–20 位数字", "The code must be 6–20 digits");
  }
  if (!known_level(input.level)) {
    return Error::invalid("level", "未知的层级: " + input.level, "Unknown level: " + input.level);
  }
  if (parent.level == kDepartment) {
    return Error::invalid("parent_id", "职能部门下不能再设节点",
                          "A department has no nodes below it");
  }
  if (input.level == kDepartment) {
    if (parent.level != "city" && parent.level != "district" && parent.level != "street") {
      return Error::invalid("level", "职能部门只能设在市、区县或街道之下",
                            "Departments belong to a city, district or street");
    }
  } else if (level_rank(input.level) <= level_rank(parent.level)) {
    return Error::invalid(
        "level", "下级节点的层级必须低于上级（" + level_zh(parent.level) + "）",
        "A child must sit at a deeper level than its parent (" + parent.level + ")");
  }
  if (parent.status != "active") {
    return Error::invalid("parent_id", "上级节点已撤销", "The parent node is retired");
  }
  return {};
}

Result<Node> insert_child(WriteTx& tx, const Node& parent, const NewNode& input, Millis now) {
  if (auto st = validate_new_node(parent, input); !st) return st.error();
  int taken = 0;
  tx.sql << "SELECT COUNT(*) FROM nodes WHERE code = :c", soci::use(input.code), soci::into(taken);
  if (taken > 0) {
    return Error::make(ErrorKind::kConflict, "code_taken", "编码已被使用: " + input.code,
                       "The code is already in use: " + input.code, "code");
  }
  Node n;
  n.id = new_id();
  n.parent_id = parent.id;
  n.path = parent.path + std::to_string(n.id) + "/";
  n.code = input.code;
  n.name = input.name;
  n.level = input.level;
  n.district_code = input.code.substr(0, 6);
  n.status = "active";
  n.version = 1;
  n.created_at = now;
  n.updated_at = now;
  db::PreparedWrite<Node> insert(tx.sql, node_map(), node_map().insert_sql(), {});
  insert.row() = n;
  insert.execute();
  return n;
}

const Node* NodeCache::get(Id id) {
  if (!id) return nullptr;
  auto it = nodes_.find(id);
  if (it == nodes_.end()) it = nodes_.emplace(id, tree::get(sql_, id)).first;
  return it->second ? &*it->second : nullptr;
}

}  // namespace tree
}  // namespace gridgov
