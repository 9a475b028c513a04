#include "features/ledgers/imports.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <map>
#include <mutex>

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
constexpr const char* kColumns =
    "id, kind, node_id, node_path, district_code, account_id, username, file_name, file_format,"
    " state, rows_checked, rows_written, error_count, errors, message_zh, message_en,"
    " created_at, finished_at";

struct Row {
  Import im;
  long long checked = 0, written = 0, errors = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(im.id));
    st.exchange(soci::into(im.kind));
    st.exchange(soci::into(im.node_id));
    st.exchange(soci::into(im.node_path));
    st.exchange(soci::into(im.district_code));
    st.exchange(soci::into(im.account_id));
    st.exchange(soci::into(im.username));
    st.exchange(soci::into(im.file_name));
    st.exchange(soci::into(im.format));
    st.exchange(soci::into(im.state));
    st.exchange(soci::into(checked));
    st.exchange(soci::into(written));
    st.exchange(soci::into(errors));
    st.exchange(soci::into(im.errors));
    st.exchange(soci::into(im.message_zh));
    st.exchange(soci::into(im.message_en));
    st.exchange(soci::into(im.created_at));
    st.exchange(soci::into(im.finished_at));
  }
  Import get() const {
    Import out = im;
    out.rows_checked = static_cast<long>(checked);
    out.rows_written = static_cast<long>(written);
    out.error_count = static_cast<long>(errors);
    return out;
  }
};

void save(WriteTx& tx, const Import& im) {
  long long checked = im.rows_checked, written = im.rows_written, errors = im.error_count;
  tx.sql << "UPDATE ledger_imports SET state = :s, rows_checked = :c, rows_written = :w,"
            " error_count = :e, errors = :er, message_zh = :mz, message_en = :me,"
            " finished_at = :f WHERE id = :id",
      soci::use(im.state), soci::use(checked), soci::use(written), soci::use(errors),
      soci::use(im.errors), soci::use(im.message_zh), soci::use(im.message_en),
      soci::use(im.finished_at), soci::use(im.id);
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
  long long zero = 0;
  std::string empty = "[]";
  tx.sql << std::string("INSERT INTO ledger_imports (") + kColumns +
                ") VALUES (:id, :k, :n, :p, :d, :a, :u, :f, :fmt, :s, :c, :w, :e, :er, :mz, :me,"
                " :t, :fin)",
      soci::use(im.id), soci::use(im.kind), soci::use(im.node_id), soci::use(im.node_path),
      soci::use(im.district_code), soci::use(im.account_id), soci::use(im.username),
      soci::use(im.file_name), soci::use(im.format), soci::use(im.state), soci::use(zero),
      soci::use(zero), soci::use(zero), soci::use(empty), soci::use(im.message_zh),
      soci::use(im.message_en), soci::use(im.created_at), soci::use(im.finished_at);
}

std::optional<Import> get(soci::session& sql, Id id) {
  return db::select_one<Row>(
      sql, std::string("SELECT ") + kColumns + " FROM ledger_imports WHERE id = :id",
      [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
}

std::vector<Import> list_under(soci::session& sql, const std::string& path, int limit) {
  std::string prefix = path + "%";
  return db::select_rows<Row>(sql,
                              std::string("SELECT ") + kColumns +
                                  " FROM ledger_imports WHERE node_path LIKE :p ORDER BY id DESC"
                                  " LIMIT " +
                                  std::to_string(limit),
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
    im.error_count = static_cast<long>(errors.size());
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
