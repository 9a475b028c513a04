#include "platform/http/export.hpp"

#include <boost/json.hpp>
#include <unordered_map>
#include <vector>

#include "platform/auth/audit.hpp"
#include "platform/config/config.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/gate.hpp"
#include "platform/http/download.hpp"
#include "platform/http/json_body.hpp"

namespace gridgov::http {
namespace json = boost::json;

namespace {

// Headings every list may share unless its export names them otherwise.
const Labels& common_columns() {
  static const Labels labels = {
      {"id", "编号"},     {"name", "名称"},           {"code", "代码"},
      {"status", "状态"}, {"created_at", "创建时间"}, {"updated_at", "更新时间"}};
  return labels;
}

const std::string* find_label(const Labels& labels, const std::string& key) {
  for (const auto& [k, v] : labels)
    if (k == key) return &v;
  return nullptr;
}

// Internal keys a person reading the sheet has no use for.
bool hidden(const std::string& key) {
  return key == "version" || key == "url" || key.ends_with("_url") || key.ends_with("_id") ||
         key.ends_with(".id");
}

std::string time_text(long long ms) {
  std::string date = cst_date(ms);
  long long minute = (ms - cst_day_start(ms)) / 60000;
  char hm[32];
  std::snprintf(hm, sizeof hm, " %02lld:%02lld", minute / 60, minute % 60);
  return date + hm;
}

// Rows as cells by column number (a column is numbered when first seen), not a
// map per row: an export of 200,000 cases holds each cell once, in order.
class Flattener {
 public:
  Flattener(bool en, const ExportDecl& decl) : en_(en), decl_(decl) {}
  void add(const json::object& item) {
    rows_.emplace_back(columns_.size());
    flatten("", item, rows_.back());
  }
  table::Table table(const std::string& name) {
    table::Table t{name, {}, {}};
    // A value that comes with its Chinese wording ("state" and "state_zh")
    // shows one column: the wording in Chinese, the code in English.
    std::vector<std::size_t> shown;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const Column& c = columns_[i];
      bool worded = c.key.ends_with("_zh");
      if (worded ? en_ : (!en_ && number_.contains(c.key + "_zh"))) continue;
      shown.push_back(i);
      std::string base = worded ? c.key.substr(0, c.key.size() - 3) : c.key;
      t.header.push_back(en_ ? c.key : header_of(base));
      t.numeric.push_back(c.numeric);
    }
    t.rows.reserve(rows_.size());
    for (auto& r : rows_) {
      std::vector<std::string> cells;
      cells.reserve(shown.size());
      for (std::size_t i : shown) cells.push_back(i < r.size() ? std::move(r[i]) : std::string());
      t.rows.push_back(std::move(cells));
      std::vector<std::string>().swap(r);  // each row's cells go as the sheet takes them
    }
    return t;
  }

 private:
  struct Column {
    std::string key;
    bool numeric = true;
  };
  using Row = std::vector<std::string>;
  void flatten(const std::string& prefix, const json::object& o, Row& row) {
    for (const auto& [k, v] : o) {
      std::string key = prefix + std::string(k);
      if (hidden(key) && key != "id") continue;
      if (v.is_object()) {
        flatten(key + ".", v.as_object(), row);
        continue;
      }
      auto [at, added] = number_.try_emplace(key, columns_.size());
      if (added) columns_.push_back({key});
      Column& c = columns_[at->second];
      if (!v.is_number() || key.ends_with("_at") || key == "id") c.numeric = false;
      if (row.size() <= at->second) row.resize(at->second + 1);
      row[at->second] = cell(key, v);
    }
  }
  std::string word(const std::string& key, const std::string& value) {
    if (en_) return value;
    auto k = decl_.values.find(key);
    if (k == decl_.values.end()) return value;
    const std::string* word = find_label(k->second, value);
    return word ? *word : value;
  }
  std::string cell(const std::string& key, const json::value& v) {
    switch (v.kind()) {
      case json::kind::null:
        return "";
      case json::kind::bool_:
        return v.as_bool() ? (en_ ? "yes" : "是") : (en_ ? "no" : "否");
      case json::kind::string:
        return word(key, std::string(v.as_string()));
      case json::kind::int64:
      case json::kind::uint64:
        if (key.ends_with("_at") || key.ends_with("_deadline") || key == "deadline")
          return v.to_number<long long>() > 0 ? time_text(v.to_number<long long>()) : "";
        return std::to_string(v.to_number<long long>());
      case json::kind::double_: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", v.as_double());
        return buf;
      }
      case json::kind::array: {
        std::string out;
        for (const auto& x : v.as_array())
          out += (out.empty() ? "" : "、") +
                 (x.is_string() ? word(key, std::string(x.as_string())) : json::serialize(x));
        return out;
      }
      default:
        return json::serialize(v);
    }
  }
  // The export's own heading, else the common one, else the key.
  std::string header_of(const std::string& key) const {
    const std::string* label = find_label(decl_.columns, key);
    if (!label) label = find_label(common_columns(), key);
    return label ? *label : key;
  }
  bool en_;
  const ExportDecl& decl_;
  std::vector<Column> columns_;
  std::unordered_map<std::string, std::size_t> number_;
  std::vector<Row> rows_;
};

}  // namespace

Handler exportable(Services& svc, Reply (*fn)(Services&, Request&), const std::string& id) {
  const ExportDecl& decl = svc.catalog.export_decl(id);
  return replying([&svc, fn, &decl](Request& req) -> Reply {
    auto name = req.query_param("format");
    if (!name || *name == "json") return fn(svc, req);
    auto format = table::format_named(*name);
    if (!format) {
      return Error::invalid("format", "format 须为 json、xlsx 或 csv",
                            "format must be json, xlsx or csv");
    }
    // Building a sheet of many rows holds them all for a moment: a few at once.
    Gate::Pass pass = svc.exports.enter(std::chrono::seconds(10));
    if (!pass) {
      return Error::unavailable("导出较多，请稍后重试", "Many exports are running; retry shortly");
    }
    req.export_rows = static_cast<int>(svc.config.integer("export.max_rows"));
    Reply reply = fn(svc, req);
    if (!reply || reply->status != 200) return reply;
    Flattener flat(req.english(), decl);
    std::size_t count = 0;
    {
      // The parsed list lives in a few large blocks freed at once (they go back
      // to the system, not into the heap's free lists), and the text goes first.
      json::monotonic_resource arena;
      boost::system::error_code ec;
      json::value v = json::parse(reply->body, ec, &arena);
      const json::array* items =
          !ec && v.is_object() && v.as_object().contains("items") && v.at("items").is_array()
              ? &v.at("items").as_array()
              : nullptr;
      if (!items) return reply;
      std::string().swap(reply->body);
      for (const auto& item : *items)
        if (item.is_object()) flat.add(item.as_object());
      count = items->size();
    }
    Millis now = svc.clock.now_ms();
    // A list leaving the system is a read worth knowing about.
    Status st = svc.db.write([&](WriteTx& tx) -> Status {
      audit::append(tx, actor_of(req),
                    {"list.export", "route", req.route, "", "",
                     json::serialize(
                         json::object{{"target", req.target}, {"rows", count}, {"format", *name}})},
                    now);
      return {};
    });
    if (!st) return st.error();
    std::string base = (req.english() ? "export" : decl.file) + "-" + cst_date(now);
    Response out = table_download(req, {flat.table(decl.file)}, *format, base);
    if (static_cast<int>(count) >= req.export_rows)
      out.set_header("X-Export-Truncated", std::to_string(req.export_rows));
    return out;
  });
}

}  // namespace gridgov::http
