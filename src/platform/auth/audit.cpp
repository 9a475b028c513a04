#include "platform/auth/audit.hpp"

#include <soci/soci.h>

#include "platform/auth/principal.hpp"
#include "platform/core/secrets.hpp"
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
// Every change writes one: kept prepared on the writer's connection. The
// district's last hash is read inside the same transaction (a write that rolls
// back leaves the chain as it was), through MAX(id) on (district_code, id) — one
// index probe, however many rows other districts wrote since.
struct AuditInsert {
  AuditRow row;
  std::string prev, hash;
  soci::indicator prev_ind = soci::i_null;
  soci::statement last, st;
  explicit AuditInsert(soci::session& sql)
      : last((sql.prepare << "SELECT hash FROM audit_log WHERE id = (SELECT MAX(id) FROM"
                             " audit_log WHERE district_code = :d)",
              soci::use(row.entry.district_code), soci::into(prev, prev_ind))),
        st((sql.prepare
                << "INSERT INTO audit_log (id, at, actor_id, actor_name, ip, request_id,"
                   " action, entity, entity_id, node_path, district_code, detail, prev_hash,"
                   " hash) VALUES (:id, :at, :aid, :an, :ip, :rid, :act, :ent, :eid, :path, :d,"
                   " :detail, :prev, :hash)",
            soci::use(row.id), soci::use(row.at), soci::use(row.actor.account_id),
            soci::use(row.actor.username), soci::use(row.actor.ip), soci::use(row.actor.request_id),
            soci::use(row.entry.action), soci::use(row.entry.entity),
            soci::use(row.entry.entity_id), soci::use(row.entry.node_path),
            soci::use(row.entry.district_code), soci::use(row.entry.detail), soci::use(prev),
            soci::use(hash))) {}
};
}  // namespace

void append(WriteTx& tx, const Actor& actor, const AuditEntry& e, Millis now) {
  auto& ins = tx.prepared<AuditInsert>();
  ins.row.id = new_id();
  ins.row.at = now;
  ins.row.actor = actor;
  ins.row.entry = e;
  if (ins.row.entry.detail.empty()) ins.row.entry.detail = "{}";
  if (ins.row.entry.node_path.empty()) ins.row.entry.node_path = "/1/";
  ins.prev.clear();
  ins.prev_ind = soci::i_null;
  bool found = ins.last.execute(true) && ins.prev_ind == soci::i_ok;
  // Stepped to its end: a SELECT left unfinished on the writer would pin its snapshot,
  // and SQLite would refuse the next write after another process (the CLI) had written.
  while (ins.last.fetch()) {
  }
  if (!found) ins.prev.clear();
  ins.hash = row_hash(ins.prev, ins.row);
  ins.st.execute(true);
}

namespace {
// The chained rows of one district after `after`, a page at a time, in order.
std::vector<std::pair<AuditRow, std::pair<std::string, std::string>>> chain_page(
    soci::session& sql, const std::string& district, Id after, int limit) {
  std::vector<std::pair<AuditRow, std::pair<std::string, std::string>>> out;
  AuditRow r;
  std::string prev, hash;
  soci::statement st =
      (sql.prepare << "SELECT id, at, actor_id, actor_name, ip, request_id, action, entity,"
                      " entity_id, node_path, district_code, detail, prev_hash, hash"
                      " FROM audit_log WHERE district_code = :d AND id > :after"
                      " ORDER BY id LIMIT " +
                          std::to_string(limit),
       soci::use(district), soci::use(after), soci::into(r.id), soci::into(r.at),
       soci::into(r.actor.account_id), soci::into(r.actor.username), soci::into(r.actor.ip),
       soci::into(r.actor.request_id), soci::into(r.entry.action), soci::into(r.entry.entity),
       soci::into(r.entry.entity_id), soci::into(r.entry.node_path),
       soci::into(r.entry.district_code), soci::into(r.entry.detail), soci::into(prev),
       soci::into(hash));
  st.execute(false);
  while (st.fetch()) out.push_back({r, {prev, hash}});
  return out;
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
      for (const auto& [row, hashes] : page) {
        after = row.id;
        const auto& [prev, hash] = hashes;
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

  AuditRow r;
  soci::statement st(sql);
  st.alloc();
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.at));
  st.exchange(soci::into(r.actor.account_id));
  st.exchange(soci::into(r.actor.username));
  st.exchange(soci::into(r.actor.ip));
  st.exchange(soci::into(r.actor.request_id));
  st.exchange(soci::into(r.entry.action));
  st.exchange(soci::into(r.entry.entity));
  st.exchange(soci::into(r.entry.entity_id));
  st.exchange(soci::into(r.entry.node_path));
  st.exchange(soci::into(r.entry.district_code));
  st.exchange(soci::into(r.entry.detail));
  // LIKE patterns: paths hold only digits and '/', so no escaping is needed.
  std::vector<std::string> patterns;
  patterns.reserve(f.scopes.size());
  for (const auto& s : f.scopes) patterns.push_back(s + "%");
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    st.exchange(soci::use(patterns[i], "s" + std::to_string(i)));
  }
  std::string action_pattern =
      !f.action.empty() && f.action.back() == '.' ? f.action + "%" : f.action;
  long long actor = f.actor_id.value_or(0), from = f.from.value_or(0), to = f.to.value_or(0),
            before = f.before_id.value_or(0);
  if (f.actor_id) st.exchange(soci::use(actor, "actor"));
  if (!f.action.empty()) st.exchange(soci::use(action_pattern, "action"));
  if (!f.entity.empty()) st.exchange(soci::use(f.entity, "entity"));
  if (!f.entity_id.empty()) st.exchange(soci::use(f.entity_id, "eid"));
  if (f.from) st.exchange(soci::use(from, "from"));
  if (f.to) st.exchange(soci::use(to, "to"));
  if (f.before_id) st.exchange(soci::use(before, "before"));
  st.prepare(
      "SELECT id, at, actor_id, actor_name, ip, request_id, action, entity, entity_id,"
      " node_path, district_code, detail FROM audit_log WHERE " +
      where + " ORDER BY id DESC LIMIT " + std::to_string(f.limit));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out.push_back(r);
  return out;
}

}  // namespace audit
}  // namespace gridgov
