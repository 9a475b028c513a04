#include "features/ledgers/imports.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <map>
#include <mutex>

#include "platform/db/row_map.hpp"
#include "platform/db/rows.hpp"
#include "platform/log/log.hpp"

namespace gridgov::ledgers {
namespace json = boost::json;

std::vector<Migration> migrations() {
  const char* table =
      "CREATE TABLE ledger_imports ("
      " id BIGINT PRIMARY KEY, kind TEXT NOT NULL, node_id BIGINT NOT NULL,"
      " node_path TEXT NOT NULL, district_code TEXT NOT NULL, account_id BIGINT NOT NULL,"
      " username TEXT NOT NULL, file_name TEXT NOT NULL, file_format TEXT NOT NULL,"
      " state TEXT NOT NULL, rows_checked BIGINT NOT NULL, rows_written BIGINT NOT NULL,"
      " error_count BIGINT NOT NULL, errors TEXT NOT NULL, message_zh TEXT NOT NULL,"
      " message_en TEXT NOT NULL, created_at BIGINT NOT NULL, finished_at BIGINT NOT NULL)";
  return {{"ledgers",
           1,
           "ledger imports and their error reports",
           {table, "CREATE INDEX ledger_imports_by_place ON ledger_imports (node_path, id)"},
           {table,
            "CREATE INDEX ledger_imports_by_place ON ledger_imports"
            " (node_path text_pattern_ops, id)"}}};
}

namespace {
const db::RowMap<Import>& import_map() {
  static const auto map = db::RowMap<Import>("ledger_imports")
                              .col("id", &Import::id)
                              .col("kind", &Import::kind)
                              .col("node_id", &Import::node_id)
                              .col("node_path", &Import::node_path)
                              .col("district_code", &Import::district_code)
                              .col("account_id", &Import::account_id)
                              .col("username", &Import::username)
                              .col("file_name", &Import::file_name)
                              .col("file_format", &Import::format)
                              .col("state", &Import::state)
                              .col("rows_checked", &Import::rows_checked)
                              .col("rows_written", &Import::rows_written)
                              .col("error_count", &Import::error_count)
                              .col("errors", &Import::errors)
                              .col("message_zh", &Import::message_zh)
                              .col("message_en", &Import::message_en)
                              .col("created_at", &Import::created_at)
                              .col("finished_at", &Import::finished_at);
  return map;
}

// What each step of an import changes.
const db::Names kProgress = {"state",  "rows_checked", "rows_written", "error_count",
                             "errors", "message_zh",   "message_en",   "finished_at"};

void save(WriteTx& tx, const Import& im) {
  db::PreparedWrite<Import> up(tx.sql, import_map(),
                               import_map().update_sql(kProgress) + " WHERE id = :id",
                               db::plus(kProgress, "id"));
  up.row() = im;
  up.execute();
}

void save(Services& svc, const Import& im) {
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    save(tx, im);
    return {};
  });
  if (!st) log::error("ledger.save_failed", {{"import", id_to_string(im.id)}});
}

std::string errors_json(const Errors& errors) {
  json::array a;
  for (std::size_t i = 0; i < errors.size() && i < kMaxErrors; ++i) {
    const auto& e = errors[i];
    // A report echoes no giant cell back: each text bounded.
    auto b = table::bounded(e);
    a.push_back(json::array{b.row, json::string(b.column), json::string(b.zh), json::string(b.en)});
  }
  return json::serialize(a);
}

std::mutex live_mutex;
std::map<Id, std::shared_ptr<Progress>> live;
}  // namespace

void insert(WriteTx& tx, const Import& im) {
  db::PreparedWrite<Import> ins(tx.sql, import_map(), import_map().insert_sql(), {});
  ins.row() = im;
  ins.row().rows_checked = ins.row().rows_written = ins.row().error_count = 0;
  ins.row().errors = "[]";
  ins.execute();
}

std::optional<Import> get(soci::session& sql, Id id) {
  return db::read_row(import_map(), sql, "WHERE id = :id",
                      [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
}

std::vector<Import> list_under(soci::session& sql, const std::string& path, int limit) {
  std::string prefix = path + "%";
  return db::read_rows(import_map(), sql,
                       "WHERE node_path LIKE :p ORDER BY id DESC LIMIT " + std::to_string(limit),
                       [&](soci::statement& st) { st.exchange(soci::use(prefix, "p")); });
}

Status fail_unfinished(Services& svc) {
  return svc.db.write([&](WriteTx& tx) -> Status {
    tx.sql << "UPDATE ledger_imports SET state = 'failed', message_zh = "
              "'服务重启，导入未完成，未写入任何数据',"
              " message_en = 'The server restarted before the import finished; nothing was written'"
              " WHERE state IN ('queued', 'checking', 'writing')";
    return {};
  });
}

Status fail_import(Services& svc, Id id) {
  return svc.db.write([&](WriteTx& tx) -> Status {
    tx.sql << "UPDATE ledger_imports SET state = 'failed', message_zh = "
              "'导入未能完成，未写入任何数据，请重新导入',"
              " message_en = 'The import could not finish; nothing was written, import it again'"
              " WHERE id = :id AND state IN ('queued', 'checking', 'writing')",
        soci::use(id);
    return {};
  });
}

std::vector<table::RowError> errors_of(const Import& im) {
  std::vector<table::RowError> out;
  boost::system::error_code ec;
  auto v = json::parse(im.errors, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    const auto& a = e.as_array();
    out.push_back({static_cast<int>(a[0].to_number<long long>()), std::string(a[1].as_string()),
                   std::string(a[2].as_string()), std::string(a[3].as_string())});
  }
  return out;
}

std::shared_ptr<Progress> watch(Id id) {
  std::lock_guard lock(live_mutex);
  return live[id] = std::make_shared<Progress>();
}
void unwatch(Id id) {
  std::lock_guard lock(live_mutex);
  live.erase(id);
}
std::shared_ptr<Progress> progress_of(Id id) {
  std::lock_guard lock(live_mutex);
  auto it = live.find(id);
  return it == live.end() ? nullptr : it->second;
}

void run(Context& ctx, const Kind& kind, Import& im, std::string data, table::Format format,
         const Actor& actor, Progress& progress, const std::atomic<bool>& stopping) {
  auto finish = [&](const std::string& state, Errors errors, std::string zh, std::string en) {
    im.state = state;
    im.rows_checked = progress.checked;
    im.error_count = static_cast<long long>(errors.size());
    im.errors = errors_json(errors);
    im.message_zh = std::move(zh);
    im.message_en = std::move(en);
    im.finished_at = ctx.svc.clock.now_ms();
    save(ctx.svc, im);
  };
  auto reject = [&](Errors errors) {
    std::string n = std::to_string(errors.size());
    finish("rejected", std::move(errors), n + " 处错误，未导入任何数据",
           n + " error(s): nothing was imported");
  };
  im.state = "checking";
  save(ctx.svc, im);
  auto reader = table::Reader::open(std::move(data), format, table::limits_of(ctx.svc.config));
  if (!reader) return reject({{1, "", reader.error().message_zh, reader.error().message_en}});
  Errors errors;
  std::vector<std::string> cells;
  if (!(*reader)->next(cells)) {
    if (Status st = (*reader)->status(); !st)
      return reject({{1, "", st.error().message_zh, st.error().message_en}});
    return reject({{1, "", "文件为空", "The file is empty"}});
  }
  Header header = Header::match(kind, cells, errors);
  if (!errors.empty()) return reject(std::move(errors));
  auto plan = kind.check(ctx, **reader, header, errors, progress);
  if (stopping)
    return finish("failed", {}, "服务正在停止，导入已撤销",
                  "The server stopped; nothing was imported");
  if (errors.empty() && plan->rows() == 0)
    errors.push_back({2, "", "没有数据行", "There are no data rows"});
  if (!errors.empty()) return reject(std::move(errors));

  progress.total = plan->rows();
  im.state = "writing";
  im.rows_checked = progress.checked;
  save(ctx.svc, im);
  Status st = ctx.svc.db.write([&](WriteTx& tx) -> Status {
    if (auto w = plan->write(tx, progress, stopping); !w) return w;
    audit::append(
        tx, actor,
        {"ledger.import", "ledger_import", id_to_string(im.id), im.node_path, im.district_code,
         json::serialize(
             json::object{{"kind", kind.id}, {"rows", plan->rows()}, {"file", im.file_name}})},
        ctx.svc.clock.now_ms());
    im.state = "done";
    im.rows_written = plan->rows();
    im.finished_at = ctx.svc.clock.now_ms();
    im.message_zh = "已导入 " + std::to_string(plan->rows()) + " 行";
    im.message_en = std::to_string(plan->rows()) + " rows imported";
    save(tx, im);
    return {};
  });
  if (!st) {
    im.rows_written = 0;
    progress.written = 0;
    return finish("failed", {}, st.error().message_zh + "（未写入任何数据）",
                  st.error().message_en + " (nothing was written)");
  }
  plan->committed(ctx.svc);
}

}  // namespace gridgov::ledgers
