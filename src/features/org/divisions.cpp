#include "features/org/divisions.hpp"

#include <soci/soci.h>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "platform/auth/audit.hpp"
#include "platform/core/ids.hpp"
#include "platform/text/csv.hpp"
#include "platform/text/pinyin.hpp"
#include "platform/text/text.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::org {
namespace {

struct Source {
  const char* file;
  const char* level;
  const char* parent_level;
  int parent_column;  // column of the parent's code; -1: the root
};
// Files in the order parents come before children.
constexpr Source kSources[] = {
    {"provinces.csv", "province", "country", -1}, {"cities.csv", "city", "province", 2},
    {"areas.csv", "district", "city", 2},         {"streets.csv", "street", "district", 2},
    {"villages.csv", "community", "street", 2},
};

std::string pad12(const std::string& code) {
  return code + std::string(12 - std::min<std::size_t>(12, code.size()), '0');
}

// Selected when inside the prefix, or an ancestor of it.
bool selected(const std::string& code, const std::string& prefix) {
  return code.rfind(prefix, 0) == 0 || prefix.rfind(code, 0) == 0;
}

struct Row {
  std::string code, name, parent;  // codes padded to 12 digits
  std::string parent_level;
};

// Codes repeat across levels in a few places (东莞市 4419 and its county 441900
// pad to the same 12 digits), so nodes are found by level and code.
std::string key(const std::string& level, const std::string& code) {
  return level + ":" + code;
}

struct Placed {
  Id id;
  std::string path;
};

// Inserts rows in chunks, each chunk one write (one savepoint) in the writer.
Status insert_rows(Database& db, const std::vector<Row>& rows, const std::string& level,
                   std::unordered_map<std::string, Placed>& placed, Millis now,
                   const std::function<void(const std::string&, int, int)>& progress) {
  constexpr std::size_t kChunk = 20000;
  for (std::size_t start = 0; start < rows.size(); start += kChunk) {
    std::size_t end = std::min(rows.size(), start + kChunk);
    std::vector<long long> ids, parents, times;
    std::vector<std::string> paths, codes, names, levels, districts, initials, alts;
    for (std::size_t i = start; i < end; ++i) {
      const Row& r = rows[i];
      auto parent = placed.find(key(r.parent_level, r.parent));
      if (parent == placed.end()) {
        return Error::invalid("divisions", "上级区划缺失: " + r.parent + "（" + r.name + "）",
                              "Missing parent division " + r.parent + " of " + r.code);
      }
      Id id = new_id();
      std::string path = parent->second.path + std::to_string(id) + "/";
      auto ini = pinyin::initials(r.name);
      ids.push_back(id);
      parents.push_back(parent->second.id);
      paths.push_back(path);
      codes.push_back(r.code);
      names.push_back(r.name);
      levels.push_back(level);
      districts.push_back(r.code.substr(0, 6));
      initials.push_back(ini.primary);
      alts.push_back(ini.alternate);
      times.push_back(now);
      placed.emplace(key(level, r.code), Placed{id, std::move(path)});
    }
    Status st = db.write([&](WriteTx& tx) -> Status {
      tx.sql << "INSERT INTO nodes (id, parent_id, path, code, name, level, district_code,"
                " created_at, updated_at, initials, initials_alt) VALUES (:id, :p, :path, :code,"
                " :name, :level, :d, :c, :u, :i, :ia)",
          soci::use(ids), soci::use(parents), soci::use(paths), soci::use(codes), soci::use(names),
          soci::use(levels), soci::use(districts), soci::use(times), soci::use(times),
          soci::use(initials), soci::use(alts);
      return {};
    });
    if (!st) return st;
    if (progress) progress(level, static_cast<int>(end), static_cast<int>(rows.size()));
  }
  return {};
}

}  // namespace

Result<DivisionCounts> import_divisions(
    Database& db, const std::string& dir, const std::string& prefix, Millis now,
    const std::function<void(const std::string&, int, int)>& progress) {
  if (!(prefix.empty() ||
        (text::all_digits(prefix) &&
         (prefix.size() == 2 || prefix.size() == 4 || prefix.size() == 6 || prefix.size() == 9)))) {
    return Error::invalid("prefix", "区划代码须为 2、4、6 或 9 位数字",
                          "The division code must have 2, 4, 6 or 9 digits");
  }
  // What is there already: code → id and path (the root included).
  std::unordered_map<std::string, Placed> placed;
  db.read([&](soci::session& s) {
    long long id = 0;
    std::string code, path, level;
    soci::statement st = (s.prepare << "SELECT id, code, path, level FROM nodes WHERE level IN"
                                       " ('country', 'province', 'city', 'district', 'street',"
                                       " 'community')",
                          soci::into(id), soci::into(code), soci::into(path), soci::into(level));
    st.execute(false);
    while (st.fetch()) placed.emplace(key(level, code), Placed{id, path});
  });

  DivisionCounts counts;
  for (const auto& src : kSources) {
    std::ifstream in(dir + "/" + src.file);
    if (!in) {
      return Error::unavailable(
          "无法读取区划文件 " + dir + "/" + src.file + "（请先运行 scripts/install-deps.sh）",
          "Cannot read " + dir + "/" + src.file + " (run scripts/install-deps.sh first)");
    }
    std::vector<Row> missing;
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    csv::Reader reader(content);
    std::vector<std::string> f;
    reader.next(f);  // header
    int selected_rows = 0;
    while (reader.next(f)) {
      if (f.size() < 2 || !text::all_digits(f[0])) continue;
      if (!selected(f[0], prefix)) continue;
      ++selected_rows;
      std::string code = pad12(f[0]);
      if (placed.count(key(src.level, code))) continue;
      std::string parent =
          src.parent_column < 0 ? std::string("000000000000") : pad12(f[src.parent_column]);
      missing.push_back({code, f[1], parent, src.parent_level});
    }
    counts.in_source[src.level] = selected_rows;
    counts.added[src.level] = static_cast<int>(missing.size());
    if (auto st = insert_rows(db, missing, src.level, placed, now, progress); !st)
      return st.error();
    if (progress && missing.empty()) progress(src.level, 0, 0);
  }
  int total_added = 0;
  for (const auto& [level, n] : counts.added) total_added += n;
  if (total_added > 0) {
    (void)db.write([&](WriteTx& tx) -> Status {
      audit::append(tx, system_actor("import"),
                    {"divisions.import", "node", prefix.empty() ? "all" : prefix, "/1/", "000000",
                     "{\"added\":" + std::to_string(total_added) + "}"},
                    now);
      return {};
    });
  }
  return counts;
}

}  // namespace gridgov::org
