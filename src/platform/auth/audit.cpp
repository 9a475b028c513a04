#include "platform/auth/audit.hpp"

#include <soci/soci.h>

#include "platform/auth/principal.hpp"
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
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"}}};
}

namespace {
// Every change writes one: kept prepared on the writer's connection.
struct AuditInsert {
  Id id = 0;
  Millis at = 0;
  Actor actor;
  AuditEntry entry;
  soci::statement st;
  explicit AuditInsert(soci::session& sql)
      : st((sql.prepare
                << "INSERT INTO audit_log (id, at, actor_id, actor_name, ip, request_id,"
                   " action, entity, entity_id, node_path, district_code, detail) VALUES"
                   " (:id, :at, :aid, :an, :ip, :rid, :act, :ent, :eid, :path, :d, :detail)",
            soci::use(id), soci::use(at), soci::use(actor.account_id), soci::use(actor.username),
            soci::use(actor.ip), soci::use(actor.request_id), soci::use(entry.action),
            soci::use(entry.entity), soci::use(entry.entity_id), soci::use(entry.node_path),
            soci::use(entry.district_code), soci::use(entry.detail))) {}
};
}  // namespace

void append(WriteTx& tx, const Actor& actor, const AuditEntry& e, Millis now) {
  auto& ins = tx.prepared<AuditInsert>();
  ins.id = new_id();
  ins.at = now;
  ins.actor = actor;
  ins.entry = e;
  if (ins.entry.detail.empty()) ins.entry.detail = "{}";
  if (ins.entry.node_path.empty()) ins.entry.node_path = "/1/";
  ins.st.execute(true);
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
