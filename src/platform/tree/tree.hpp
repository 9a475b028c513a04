#pragma once
// The tree every record hangs on: country → province → city → district →
// street → community → grid → micro-grid → building. A node's `path` lists the ids from
// the root ("/1/42/977/"), so "is X inside Y's subtree" is a prefix test and a
// subtree query is one indexed range scan. The org feature adds polygons,
// buildings and organisation on top of these nodes.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/error.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"

namespace gridgov {

// "/1/42/" covers "/1/42/977/" and itself, not "/1/420/".
bool path_covers(std::string_view ancestor, std::string_view node_path);

namespace tree {

constexpr Id kRootId = 1;
constexpr const char* kRootPath = "/1/";  // the country: what has no place of its own

struct Node {
  Id id = 0;
  Id parent_id = 0;  // 0 for the root
  std::string path;
  std::string code;  // 12-digit statistical code, extended below the community
  std::string name;
  std::string level;          // see levels()
  std::string district_code;  // first 6 digits of the code: the partition key
  std::string status;         // active | retired
  int version = 1;
  Millis created_at = 0;
  Millis updated_at = 0;
};

// Levels from the top; a child is always at a deeper level than its parent.
const std::vector<std::string>& levels();
int level_rank(std::string_view level);  // -1 when unknown (and for departments)
std::string level_zh(std::string_view level);
// Functional departments (职能部门: 城管、水务、派出所…) hang off the city, district or
// street they belong to. They are not places: no shape, no children, never a
// case's location — but cases are dispatched and whistled to them, and their
// staff hold roles at them like at any node.
constexpr std::string_view kDepartment = "department";
bool known_level(std::string_view level);  // a ladder level or kDepartment

// The node table's migrations (owned by the platform: permissions need it).
std::vector<Migration> migrations();

std::optional<Node> get(soci::session& sql, Id id);
// Nodes read once and remembered, for answers that name the same places
// again and again (a list of cases and their grids, agencies).
class NodeCache {
 public:
  explicit NodeCache(soci::session& sql) : sql_(sql) {}
  const Node* get(Id id);  // null for 0 or an unknown id

 private:
  soci::session& sql_;
  std::map<Id, std::optional<Node>> nodes_;
};
std::optional<Node> get_by_code(soci::session& sql, const std::string& code);
// The node at `path` ("/1/7/42/"), retired ones included.
std::optional<Node> get_by_path(soci::session& sql, const std::string& path);
// Direct children, ordered by code, `limit` at most, after the given code.
std::vector<Node> children(soci::session& sql, Id parent, int limit, const std::string& after_code);
// Root first, the node itself last.
std::vector<Node> ancestors(soci::session& sql, const Node& node);
// The active departments attached to `place` or any node above it, by code:
// those a case located there may be dispatched or whistled to.
std::vector<Node> departments_serving(soci::session& sql, const Node& place);
// "/1/7/42/" → "/1/7/"; "" for the root.
std::string parent_path(const std::string& path);

// Nodes inside `scopes` whose name contains `query`, or — when the query is
// letters and digits only — whose pinyin initials contain it ("wml" → 文庙路社区).
std::vector<Node> search(soci::session& sql, const std::vector<std::string>& scopes,
                         const std::string& query, int limit);
// Descendants of `top` (optionally of one level), ordered by code, after `after_code`.
std::vector<Node> subtree(soci::session& sql, const Node& top, const std::string& level, int limit,
                          const std::string& after_code);
// How many descendants of `top` there are at each level.
std::map<std::string, int> count_by_level(soci::session& sql, const Node& top);
// Active nodes of `level` at and below the node whose path is given.
long long count_active(soci::session& sql, const std::string& path, std::string_view level);
// The active nodes at `level` under `top` whose name occurs in `text` (an address that
// names its community, say), longest names first; at most 20.
std::vector<Node> named_in(soci::session& sql, const Node& top, const std::string& level,
                           const std::string& text);

struct NewNode {
  std::string code;
  std::string name;
  std::string level;
};
// Validates and inserts a child of `parent`. Outcomes: the node; kInvalid for
// a bad code, name or level; kConflict when the code is taken.
Result<Node> insert_child(WriteTx& tx, const Node& parent, const NewNode& input, Millis now);

// Renames when `version` is current. Outcomes: the renamed node; kInvalid for
// a bad name; kConflict when someone else changed it first.
Result<Node> rename(WriteTx& tx, const Node& node, const std::string& name, int version,
                    Millis now);

// Moves `node` and its whole subtree under `new_parent` (paths rewritten in
// one statement; codes never change once issued). The caller checks the
// levels; this refuses a move into the node's own subtree (kInvalid) and a
// stale version (kConflict).
Result<Node> move(WriteTx& tx, const Node& node, const Node& new_parent, int version, Millis now);

// Validation shared by the API and the importers.
Status validate_new_node(const Node& parent, const NewNode& input);

}  // namespace tree
}  // namespace gridgov
