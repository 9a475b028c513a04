#include "platform/auth/audit.hpp"

#include <soci/soci.h>

#include "platform/auth/principal.hpp"
#include "platform/core/secrets.hpp"
#include "platform/db/row_map.hpp"
#include "platform/http/message.hpp"

namespace gridgov {

Actor actor_of(const http::Request& req) {
  Actor a;
  if (req.principal) {
    a.account_id = req.principal->account_id;
    a.username = req.principal->username;
    a.display_name = req.principal->display_name;
  }
  a.ip = req.remote_ip;
  a.request_id = req.request_id;
  return a;
}

Actor system_actor(const std::string& what) {
  Actor a;
  a.username = "system:" + what;
  return a;
}

namespace audit {

std::vector<Migration> migrations() {
  const char* table =
      "CREATE TABLE audit_log ("
      " id BIGINT PRIMARY KEY,"
      " at BIGINT NOT NULL,"
      " actor_id BIGINT NOT NULL,"
      " actor_name TEXT NOT NULL,"
      " ip TEXT NOT NULL,"
      " request_id TEXT NOT NULL,"
      " action TEXT NOT NULL,"
      " entity TEXT NOT NULL,"
      " entity_id TEXT NOT NULL,"
      " node_path TEXT NOT NULL,"
      " district_code TEXT NOT NULL,"
      " detail TEXT NOT NULL)";
  return {{"audit",
           1,
           "audit_log",
           {table, "CREATE INDEX audit_by_path ON audit_log (node_path, id)",
            "CREATE INDEX audit_by_actor ON audit_log (actor_id, id)",
            "CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, id)",
            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"},
           {table, "CREATE INDEX audit_by_path ON audit_log (node_path text_pattern_ops, id)",
            "CREATE INDEX audit_by_actor ON audit_log (actor_id, id)",
            "CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, id)",
            "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
            "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
            "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"}},
          // Each row carries its hash and the previous row's of its district: a chain
          // that `gridgov audit verify` walks. Rows written before are left unchained.
          {"audit",
           2,
           "hash chain per district",
           {"ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX audit_by_district ON audit_log (district_code, id)"},
           {}}};
}

std::string row_hash(const std::string& prev, const AuditRow& r) {
  // Every field, each length-prefixed so no two rows can read alike.
  std::string text = prev;
  auto add = [&](const std::string& v) { text += std::to_string(v.size()) + ":" + v + ";"; };
  add(std::to_string(r.id));
  add(std::to_string(r.at));
  add(std::to_string(r.actor.account_id));
  add(r.actor.username);
  add(r.actor.ip);
  add(r.actor.request_id);
  add(r.entry.action);
  add(r.entry.entity);
  add(r.entry.entity_id);
  add(r.entry.node_path);
  add(r.entry.district_code);
  add(r.entry.detail);
  return secrets::sha256_hex(text);
}

namespace {
// An audit row as stored: flat, with its place in the district's chain.
struct StoredRow {
  Id id = 0;
  Millis at = 0;
  Id actor_id = 0;
  std::string actor_name, ip, request_id, action, entity, entity_id, node_path, district_code,
      detail, prev_hash, hash;

  AuditRow row() const {
    AuditRow r;
    r.id = id;
    r.at = at;
    r.actor.account_id = actor_id;
    r.actor.username = actor_name;
    r.actor.ip = ip;
    r.actor.request_id = request_id;
    r.entry = {action, entity, entity_id, node_path, district_code, detail};
    return r;
  }
  static StoredRow of(const AuditRow& r) {
    return {r.id,
            r.at,
            r.actor.account_id,
            r.actor.username,
            r.actor.ip,
            r.actor.request_id,
            r.entry.action,
            r.entry.entity,
            r.entry.entity_id,
            r.entry.node_path,
            r.entry.district_code,
            r.entry.detail,
            "",
            ""};
  }
};
const db::RowMap<StoredRow>& audit_map() {
  static const auto map = db::RowMap<StoredRow>("audit_log")
                              .col("id", &StoredRow::id)
                              .col("at", &StoredRow::at)
                              .col("actor_id", &StoredRow::actor_id)
                              .col("actor_name", &StoredRow::actor_name)
                              .col("ip", &StoredRow::ip)
                              .col("request_id", &StoredRow::request_id)
                              .col("action", &StoredRow::action)
                              .col("entity", &StoredRow::entity)
                              .col("entity_id", &StoredRow::entity_id)
                              .col("node_path", &StoredRow::node_path)
                              .col("district_code", &StoredRow::district_code)
                              .col("detail", &StoredRow::detail)
                              .col("prev_hash", &StoredRow::prev_hash)
                              .col("hash", &StoredRow::hash);
  return map;
}

// Every change writes one: kept prepared on the writer's connection. The
// district's last hash is read inside the same transaction (a write that rolls
// back leaves the chain as it was), through MAX(id) on (district_code, id) — one
// index probe, however many rows other districts wrote since.
struct AuditInsert {
  std::string district, prev;
  soci::indicator prev_ind = soci::i_null;
  soci::statement last;
  db::PreparedWrite<StoredRow> ins;
  explicit AuditInsert(soci::session& sql)
      : last((sql.prepare << "SELECT hash FROM audit_log WHERE id = (SELECT MAX(id) FROM"
                             " audit_log WHERE district_code = :d)",
              soci::use(district), soci::into(prev, prev_ind))),
        ins(sql, audit_map(), audit_map().insert_sql(), {}) {}
};
}  // namespace

void append(WriteTx& tx, const Actor& actor, const AuditEntry& e, Millis now) {
  auto& w = tx.prepared<AuditInsert>();
  AuditRow row{new_id(), now, actor, e};
  if (row.entry.detail.empty()) row.entry.detail = "{}";
  if (row.entry.node_path.empty()) row.entry.node_path = "/1/";
  w.district = row.entry.district_code;
  w.prev.clear();
  w.prev_ind = soci::i_null;
  bool found = w.last.execute(true) && w.prev_ind == soci::i_ok;
  // Stepped to its end: a SELECT left unfinished on the writer would pin its snapshot,
  // and SQLite would refuse the next write after another process (the CLI) had written.
  while (w.last.fetch()) {
  }
  if (!found) w.prev.clear();
  w.ins.row() = StoredRow::of(row);
  w.ins.row().prev_hash = w.prev;
  w.ins.row().hash = row_hash(w.prev, row);
  w.ins.execute();
}

namespace {
// The chained rows of one district after `after`, a page at a time, in order.
std::vector<StoredRow> chain_page(soci::session& sql, const std::string& district, Id after,
                                  int limit) {
  return db::read_rows(
      audit_map(), sql,
      "WHERE district_code = :d AND id > :after ORDER BY id LIMIT " + std::to_string(limit),
      [&](soci::statement& st) {
        st.exchange(soci::use(district, "d"));
        st.exchange(soci::use(after, "after"));
      });
}
}  // namespace

Result<ChainReport> verify(Database& db) {
  ChainReport report;
  auto districts = db.read([](soci::session& s) {
    std::vector<std::string> out;
    std::string d;
    soci::statement st =
        (s.prepare << "SELECT DISTINCT district_code FROM audit_log ORDER BY district_code",
         soci::into(d));
    st.execute(false);
    while (st.fetch()) out.push_back(d);
    return out;
  });
  for (const auto& district : districts) {
    ++report.chains;
    std::string expected_prev;  // the chain starts from nothing
    bool started = false;
    Id after = 0;
    for (;;) {
      auto page = db.read([&](soci::session& s) { return chain_page(s, district, after, 5000); });
      if (page.empty()) break;
      for (const auto& stored : page) {
        after = stored.id;
        const AuditRow row = stored.row();
        const std::string &prev = stored.prev_hash, &hash = stored.hash;
        if (hash.empty() && !started) {
          ++report.unchained;  // written before the chain existed
          continue;
        }
        started = true;
        ++report.rows;
        std::string zh, en;
        if (hash.empty()) {
          zh = "记录缺少哈希", en = "the row has no hash";
        } else if (prev != expected_prev) {
          zh = "与上一条记录的哈希不符（其前有记录被删除或修改）";
          en = "its previous hash does not match (a row before it was removed or changed)";
        } else if (row_hash(prev, row) != hash) {
          zh = "记录写入后被修改", en = "the row was changed after it was written";
        }
        if (!en.empty()) {
          report.broken_id = row.id;
          report.broken_district = district;
          report.why_zh = zh;
          report.why_en = en;
          return report;
        }
        expected_prev = hash;
      }
    }
    if (started) report.heads[district] = expected_prev;
  }
  return report;
}

std::map<std::string, std::string> heads(soci::session& sql) {
  std::map<std::string, std::string> out;
  std::string d, h;
  soci::statement st =
      (sql.prepare << "SELECT a.district_code, a.hash FROM audit_log a WHERE a.hash <> '' AND"
                      " a.id = (SELECT MAX(b.id) FROM audit_log b WHERE b.district_code ="
                      " a.district_code)",
       soci::into(d), soci::into(h));
  st.execute(false);
  while (st.fetch()) out[d] = h;
  return out;
}

std::vector<AuditRow> query(soci::session& sql, const Filter& f) {
  std::vector<AuditRow> out;
  if (f.scopes.empty()) return out;
  // Everything user-supplied is bound; only the shape of the WHERE is built here.
  std::string where = "(";
  for (std::size_t i = 0; i < f.scopes.size(); ++i) {
    where += (i ? " OR " : "") + std::string("node_path LIKE :s") + std::to_string(i);
  }
  where += ")";
  if (f.actor_id) where += " AND actor_id = :actor";
  if (!f.action.empty())
    where += f.action.back() == '.' ? " AND action LIKE :action" : " AND action = :action";
  if (!f.entity.empty()) where += " AND entity = :entity";
  if (!f.entity_id.empty()) where += " AND entity_id = :eid";
  if (f.from) where += " AND at >= :from";
  if (f.to) where += " AND at < :to";
  if (f.before_id) where += " AND id < :before";

  // LIKE patterns: paths hold only digits and '/', so no escaping is needed.
  std::vector<std::string> patterns;
  patterns.reserve(f.scopes.size());
  for (const auto& s : f.scopes) patterns.push_back(s + "%");
  std::string action_pattern =
      !f.action.empty() && f.action.back() == '.' ? f.action + "%" : f.action;
  long long actor = f.actor_id.value_or(0), from = f.from.value_or(0), to = f.to.value_or(0),
            before = f.before_id.value_or(0);
  auto rows = db::read_rows(audit_map(), sql,
                            "WHERE " + where + " ORDER BY id DESC LIMIT " + std::to_string(f.limit),
                            [&](soci::statement& st) {
                              for (std::size_t i = 0; i < patterns.size(); ++i)
                                st.exchange(soci::use(patterns[i], "s" + std::to_string(i)));
                              if (f.actor_id) st.exchange(soci::use(actor, "actor"));
                              if (!f.action.empty())
                                st.exchange(soci::use(action_pattern, "action"));
                              if (!f.entity.empty()) st.exchange(soci::use(f.entity, "entity"));
                              if (!f.entity_id.empty()) st.exchange(soci::use(f.entity_id, "eid"));
                              if (f.from) st.exchange(soci::use(from, "from"));
                              if (f.to) st.exchange(soci::use(to, "to"));
                              if (f.before_id) st.exchange(soci::use(before, "before"));
                            });
  for (const auto& r : rows) out.push_back(r.row());
  return out;
}

}  // namespace audit
}  // namespace gridgov
