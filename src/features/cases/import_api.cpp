// POST /api/v1/cases/import: a CSV or xlsx ledger of cases (e.g. a day of hotline
// calls) registered in one go — every row checked first, nothing written
// unless every row is right, and a report of row, column and reason otherwise.
#include <soci/soci.h>
#include <boost/json.hpp>
#include <map>

#include "features/cases/api.hpp"
#include "features/cases/commands.hpp"
#include "features/cases/intake.hpp"
#include "features/cases/taxonomy.hpp"
#include "features/org/buildings.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/download.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/text/table.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::cases {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr std::size_t kMaxRows = 20000;

// The template's columns: Chinese header, English header, the intake field.
struct Column {
  const char* zh;
  const char* en;
  const char* field;
  bool required;
};
constexpr Column kColumns[] = {
    {"类型", "kind", "kind", true},
    {"类别", "category", "category", true},
    {"紧急程度", "urgency", "urgency", false},
    {"标题", "title", "title", true},
    {"描述", "description", "description", false},
    {"地址", "address", "address", false},
    {"经度", "lng", "lng", false},
    {"纬度", "lat", "lat", false},
    {"楼栋编码", "building_code", "building_id", false},
    {"节点编码", "node_code", "node_id", false},
    {"联系人", "contact_name", "contact_name", false},
    {"联系电话", "contact_phone", "contact_phone", false},
};

using table::RowError;

// A name or an id from one of the choice lists (投诉 or complaint).
std::string choice_id(const std::vector<std::pair<std::string, std::string>>& list,
                      const std::string& v) {
  for (const auto& [id, zh] : list)
    if (v == zh) return id;
  return v;
}

std::string category_id(const std::string& v) {
  for (const auto& c : categories())
    if (v == c.zh) return c.id;
  return v;
}

// The intake fields of one CSV record, as the JSON the API would take.
Result<json::object> row_object(Services& svc, const std::vector<const Column*>& columns,
                                const std::vector<std::string>& cells, std::string& bad_column) {
  json::object o{{"channel", "import"}};
  for (std::size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
    const Column& col = *columns[i];
    const std::string& v = cells[i];
    if (v.empty()) continue;
    bad_column = col.zh;
    std::string field = col.field;
    if (field == "kind") {
      o["kind"] = choice_id(kinds(), v);
    } else if (field == "urgency") {
      o["urgency"] = choice_id(urgencies(), v);
    } else if (field == "category") {
      o["category"] = category_id(v);
    } else if (field == "lng" || field == "lat") {
      char* end = nullptr;
      double d = std::strtod(v.c_str(), &end);
      if (end != v.c_str() + v.size())
        return Error::invalid(field, "须为数字（度）", "Must be a number (degrees)");
      o[field] = d;
    } else if (field == "building_id" || field == "node_id") {
      auto n = svc.db.read([&](soci::session& s) { return tree::get_by_code(s, v); });
      if (!n) return Error::invalid(field, "编码不存在: " + v, "No such code: " + v);
      o[field] = id_to_string(n->id);
    } else {
      o[field] = v;
    }
  }
  return o;
}

http::Reply import_cases(Services& svc, Request& req) {
  auto format = table::format_of_type(req.header("Content-Type"));
  if (!format) {
    return Error::make(ErrorKind::kUnsupportedMedia, "unsupported_media_type",
                       "请上传 CSV 或 xlsx 文件", "Send the ledger as CSV or xlsx");
  }
  if (svc.authz.scopes(*req.principal, "case.intake").empty()) return Error::forbidden();
  std::vector<RowError> errors;
  auto opened = table::Reader::open(std::move(req.body), *format, table::limits_of(svc.config));
  if (!opened) {
    errors.push_back({1, "", opened.error().message_zh, opened.error().message_en});
    return http::rows_rejected(req, errors);
  }
  table::Reader& reader = **opened;
  std::vector<std::string> header;
  if (!reader.next(header)) {
    if (Status st = reader.status(); !st)
      errors.push_back({1, "", st.error().message_zh, st.error().message_en});
    else
      errors.push_back({1, "", "文件为空", "The file is empty"});
    return http::rows_rejected(req, errors);
  }
  std::vector<const Column*> columns;
  for (const auto& h : header) {
    const Column* found = nullptr;
    for (const auto& c : kColumns)
      if (h == c.zh || h == c.en) found = &c;
    if (!found) errors.push_back({1, h, "未知的列名: " + h, "Unknown column: " + h});
    columns.push_back(found);
  }
  for (const auto& c : kColumns) {
    if (c.required && std::find(columns.begin(), columns.end(), &c) == columns.end())
      errors.push_back({1, c.zh, std::string("缺少必填列: ") + c.zh,
                        std::string("Missing required column: ") + c.en});
  }
  if (!errors.empty()) return http::rows_rejected(req, errors);

  // Every row checked before anything is written.
  std::vector<Case> drafts;
  std::vector<std::string> cells;
  std::map<std::string, std::string> field_column;  // intake field → the file's header
  for (std::size_t i = 0; i < header.size(); ++i) field_column[columns[i]->field] = header[i];
  while (reader.next(cells)) {
    int row = reader.line();
    if (drafts.size() + errors.size() >= kMaxRows) {
      errors.push_back({row, "", "一次最多导入 " + std::to_string(kMaxRows) + " 行",
                        "At most " + std::to_string(kMaxRows) + " rows at a time"});
      break;
    }
    if (*format == table::Format::kXlsx) cells.resize(header.size());  // blank trailing cells
    if (cells.size() != header.size()) {
      errors.push_back({row, "", "列数与表头不符", "The row has a different number of cells"});
      continue;
    }
    std::string bad_column;
    auto obj = row_object(svc, columns, cells, bad_column);
    if (!obj) {
      errors.push_back({row, bad_column, obj.error().message_zh, obj.error().message_en});
      continue;
    }
    auto c = draft_case(svc, http::Body::from(std::move(*obj)), req.principal.get());
    if (!c) {
      auto it = field_column.find(c.error().field);
      std::string column = it != field_column.end() ? it->second : c.error().field;
      if (c.error().kind == ErrorKind::kForbidden)
        errors.push_back({row, column, "无权在该地登记案件", "No right to register cases there"});
      else
        errors.push_back({row, column, c.error().message_zh, c.error().message_en});
      continue;
    }
    drafts.push_back(std::move(*c));
  }
  if (Status st = reader.status(); !st)
    errors.push_back({reader.line() + 1, "", st.error().message_zh, st.error().message_en});
  if (errors.empty() && drafts.empty())
    errors.push_back({2, "", "没有数据行", "There are no data rows"});
  if (!errors.empty()) return http::rows_rejected(req, errors);

  Millis now = svc.clock.now_ms();
  Actor actor = actor_of(req);
  // The import's own audit row sits at the deepest node holding every row.
  std::string common = drafts.front().node_path;
  for (const auto& c : drafts) {
    std::size_t n = 0;
    while (n < common.size() && n < c.node_path.size() && common[n] == c.node_path[n]) ++n;
    common.resize(n);
  }
  common.resize(common.rfind('/') + 1);
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    import_cases(tx, actor, drafts, common, now);
    return {};
  });
  if (!st) return st.error();
  json::array codes;
  for (const auto& c : drafts) codes.push_back(json::string(c.code));
  return http::ok_json(json::object{{"imported", drafts.size()}, {"codes", std::move(codes)}}, 201);
}

}  // namespace

void import_routes(http::Router& router, Services& svc) {
  router.add(
      "POST", "/api/v1/cases/import", http::bind(svc, import_cases),
      {.summary = "Register a CSV or xlsx ledger of cases, all rows or none", .body = "upload"});
}

}  // namespace gridgov::cases
