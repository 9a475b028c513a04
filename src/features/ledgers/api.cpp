// Routes of the ledgers: templates, uploads that import in the background,
// their progress and error reports.
#include <soci/soci.h>

#include <boost/json.hpp>

#include "features/ledgers/api.hpp"
#include "features/ledgers/imports.hpp"
#include "features/org/api.hpp"
#include "platform/auth/principal.hpp"
#include "platform/config/config.hpp"
#include "platform/http/download.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/tasks.hpp"
#include "platform/text/text.hpp"

namespace gridgov::ledgers {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

json::object import_json(const Import& im, bool en) {
  long long checked = im.rows_checked, written = im.rows_written, total = 0;
  if (auto live = progress_of(im.id)) {
    checked = live->checked;
    written = live->written;
    total = live->total;
  }
  json::array errors;
  auto list = errors_of(im);
  for (std::size_t i = 0; i < list.size() && i < 100; ++i)
    errors.push_back(json::object{{"row", list[i].row},
                                  {"column", list[i].column},
                                  {"message", en ? list[i].en : list[i].zh}});
  std::string base = "/api/v1/imports/" + id_to_string(im.id);
  return json::object{{"id", id_to_string(im.id)},
                      {"kind", im.kind},
                      {"node_id", id_to_string(im.node_id)},
                      {"state", im.state},
                      {"file_name", im.file_name},
                      {"format", im.format},
                      {"by", im.username},
                      {"rows_checked", checked},
                      {"rows_written", written},
                      {"rows_total", total ? total : written},
                      {"error_count", im.error_count},
                      {"errors", std::move(errors)},
                      {"errors_url", base + "/errors?format=xlsx"},
                      {"message", en ? im.message_en : im.message_zh},
                      {"created_at", im.created_at},
                      {"finished_at", im.finished_at ? json::value(im.finished_at) : nullptr},
                      {"url", base}};
}

// GET /api/v1/ledgers: the kinds and their columns, for the import screen.
http::Reply list_kinds(Services&, Request& req) {
  bool en = req.english();
  json::array items;
  for (const auto& k : kinds()) {
    json::array columns;
    for (const auto& c : k.columns)
      columns.push_back(json::object{{"field", c.field},
                                     {"header", en ? c.en : c.zh},
                                     {"required", c.required},
                                     {"note", en ? c.note_en : c.note_zh},
                                     {"example", c.example}});
    items.push_back(json::object{{"kind", k.id},
                                 {"name", en ? k.en : k.zh},
                                 {"template", std::string("/api/v1/ledgers/") + k.id + "/template"},
                                 {"columns", std::move(columns)}});
  }
  return http::ok_json(json::object{{"items", std::move(items)}});
}

Result<table::Format> format_param(const Request& req, const char* fallback) {
  auto f = table::format_named(req.query_param("format").value_or(fallback));
  if (!f) return Error::invalid("format", "format 须为 xlsx 或 csv", "format must be xlsx or csv");
  return *f;
}

// GET /api/v1/ledgers/{kind}/template?format=xlsx|csv
http::Reply get_template(Services&, Request& req) {
  const Kind* kind = kind_named(req.param("kind"));
  if (!kind) return Error::not_found("台账类型", "Ledger kind");
  auto f = format_param(req, "xlsx");
  if (!f) return f.error();
  bool en = req.english();
  return http::table_download(req, template_tables(*kind, en), *f,
                              std::string(en ? kind->en : kind->zh) + (en ? " template" : "模板"));
}

// POST /api/v1/nodes/{id}/ledgers/{kind}?file_name=…: the file as the body (text/csv or
// xlsx). Answers 202 with the import; follow its url for progress and the report.
http::Reply upload(Services& svc, Request& req) {
  const Kind* kind = kind_named(req.param("kind"));
  if (!kind) return Error::not_found("台账类型", "Ledger kind");
  auto node = org::node_for(svc, req, kind->action);
  if (!node) return node.error();
  auto format = table::format_of_type(req.header("Content-Type"));
  if (!format) {
    return Error::make(ErrorKind::kUnsupportedMedia, "unsupported_media_type",
                       "请上传 xlsx 或 CSV 文件", "Send the ledger as xlsx or CSV");
  }
  std::string file_name = req.query_param("file_name").value_or("");
  if (file_name.size() > 200 || !text::valid_utf8(file_name)) file_name.clear();
  if (svc.tasks.waiting() >= static_cast<std::size_t>(svc.config.integer("ledgers.queue"))) {
    return Error::make(ErrorKind::kTooManyRequests, "imports_queued", "排队的导入过多，请稍后再试",
                       "Too many imports waiting; try again later");
  }
  Import im;
  im.id = new_id();
  im.kind = kind->id;
  im.node_id = node->id;
  im.node_path = node->path;
  im.district_code = node->district_code;
  im.account_id = req.principal->account_id;
  im.username = req.principal->username;
  im.file_name = file_name;
  im.format = std::string(table::extension(*format));
  im.created_at = svc.clock.now_ms();
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    insert(tx, im);
    return {};
  });
  if (!st) return st.error();
  auto progress = watch(im.id);
  auto principal = req.principal;
  Actor actor = actor_of(req);
  tree::Node scope = *node;
  auto data = std::make_shared<std::string>(std::move(req.body));
  Id id = im.id;
  bool queued = svc.tasks.submit(
      {[&svc, im, kind, progress, principal, actor, scope, data,
        fmt = *format](const std::atomic<bool>& stopping) mutable {
         Millis now = svc.clock.now_ms();
         Context ctx{svc, principal.get(), scope, kind->action, now, cst_date(now)};
         run(ctx, *kind, im, std::move(*data), fmt, actor, *progress, stopping);
         unwatch(im.id);
       },
       // Stopped before it ran, or it failed beyond its own handling: marked failed now
       // (nothing of it was written), not left running until the next start.
       [&svc, id] {
         unwatch(id);
         (void)fail_import(svc, id);
       },
       "ledger.import"});
  if (!queued) {
    unwatch(id);
    return Error::unavailable("服务正在停止", "The server is stopping");
  }
  Response r = http::ok_json(import_json(im, req.english()), 202);
  r.set_header("Location", "/api/v1/imports/" + id_to_string(im.id));
  return r;
}

// The import named by {id}, for its importer or anyone who may do its kind's work there.
Result<Import> import_for(Services& svc, const Request& req) {
  auto id = parse_id(req.param("id"));
  auto im = id ? svc.db.read([&](soci::session& s) { return get(s, *id); }) : std::nullopt;
  const Kind* kind = im ? kind_named(im->kind) : nullptr;
  if (!im || !kind ||
      (im->account_id != req.principal->account_id &&
       !svc.authz.can(*req.principal, kind->action, im->node_path)))
    return Error::not_found("导入记录", "Import");
  return *im;
}

http::Reply get_import(Services& svc, Request& req) {
  auto im = import_for(svc, req);
  if (!im) return im.error();
  return http::ok_json(import_json(*im, req.english()));
}

// GET /api/v1/imports/{id}/errors?format=xlsx|csv: the report, row by row.
http::Reply get_errors(Services& svc, Request& req) {
  auto im = import_for(svc, req);
  if (!im) return im.error();
  auto f = format_param(req, "xlsx");
  if (!f) return f.error();
  bool en = req.english();
  return http::table_download(req, {table::error_table(errors_of(*im), en)}, *f,
                              en ? "import-errors" : "导入错误报告");
}

// GET /api/v1/nodes/{id}/imports: recent imports at and below a node.
http::Reply list_imports(Services& svc, Request& req) {
  auto node = org::node_for(svc, req, "node.read");
  if (!node) return node.error();
  auto limit = http::page_limit(req, 20, 100);
  if (!limit) return limit.error();
  json::array items;
  for (const auto& im :
       svc.db.read([&](soci::session& s) { return list_under(s, node->path, *limit); })) {
    const Kind* kind = kind_named(im.kind);
    if (im.account_id == req.principal->account_id ||
        (kind && svc.authz.can(*req.principal, kind->action, im.node_path)))
      items.push_back(import_json(im, req.english()));
  }
  return http::ok_json(json::object{{"items", std::move(items)}});
}

}  // namespace

void routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("GET", "/api/v1/ledgers", bind(list_kinds),
             {.summary = "The ledgers that can be imported, with their columns"});
  router.add("GET", "/api/v1/ledgers/{kind}/template", bind(get_template),
             {.summary = "A ledger's template (xlsx or CSV) with instructions"});
  router.add("POST", "/api/v1/nodes/{id}/ledgers/{kind}", bind(upload),
             {.summary = "Import a ledger (xlsx or CSV): all rows or none, in the background",
              .body = "upload"});
  router.add("GET", "/api/v1/imports/{id}", bind(get_import),
             {.summary = "An import's state, progress and first errors"});
  router.add("GET", "/api/v1/imports/{id}/errors", bind(get_errors),
             {.summary = "An import's error report (xlsx or CSV)"});
  router.add("GET", "/api/v1/nodes/{id}/imports", bind(list_imports),
             {.summary = "Recent ledger imports at and below a node"});
}

}  // namespace gridgov::ledgers
