// Who may see and do what on a case, and how a case looks in JSON: shared by
// every route of the feature.
#include "features/cases/access.hpp"

#include <soci/soci.h>

#include "features/cases/taxonomy.hpp"
#include "features/cases/whistles.hpp"
#include "platform/auth/principal.hpp"
#include "platform/http/router.hpp"

namespace gridgov::cases {
namespace json = boost::json;

Error stale_version() {
  return Error::make(ErrorKind::kConflict, "version_conflict", "该案件已被他人处理，请刷新后重试",
                     "Someone else acted on this case first; reload and try again", "version");
}

std::vector<Part> parts_of(const Services& svc, const Principal& who, const Case& c) {
  std::vector<Part> parts;
  if (svc.authz.can(who, "case.dispatch", c.node_path)) parts.push_back(Part::kDispatcher);
  if (svc.authz.can(who, "case.arbitrate", c.node_path)) parts.push_back(Part::kSuperior);
  if (!c.assignee_path.empty() && svc.authz.can(who, "case.handle", c.assignee_path))
    parts.push_back(Part::kAssignee);
  if (svc.authz.can(who, "case.verify", c.node_path)) parts.push_back(Part::kVerifier);
  if (c.reporter_id && c.reporter_id == who.account_id) parts.push_back(Part::kReporter);
  return parts;
}

bool may_read(Services& svc, const Principal& who, const Case& c) {
  if (svc.authz.can(who, "case.read", c.node_path) ||
      (!c.assignee_path.empty() && svc.authz.can(who, "case.handle", c.assignee_path)) ||
      (c.reporter_id && c.reporter_id == who.account_id))
    return true;
  // A department whistled to the case reads it while it helps; the reporter of a
  // duplicate merged into it follows it.
  auto scopes = svc.authz.scopes(who, "case.handle");
  return svc.db.read([&](soci::session& s) {
    return (!scopes.empty() && whistles::whistled_within(s, c.id, scopes)) ||
           store::reported_duplicate_of(s, c.id, who.account_id);
  });
}

Facts facts_of(const Case& c) {
  Facts f;
  f.state = c.state;
  f.returns = c.returns;
  f.delay_pending = c.delay_pending;
  f.closed_at = c.closed_at;
  f.satisfied = c.satisfied.value_or(true);
  return f;
}

json::object case_json(const Case& c, bool staff) {
  auto cat = find_category(c.category);
  json::object o{{"id", id_to_string(c.id)},
                 {"code", c.code},
                 {"state", to_string(c.state)},
                 {"state_zh", state_zh(c.state)},
                 {"channel", c.channel},
                 {"kind", c.kind},
                 {"category", c.category},
                 {"category_zh", cat ? cat->zh : c.category},
                 {"urgency", c.urgency},
                 {"title", c.title},
                 {"description", c.description},
                 {"address", c.address},
                 {"node_id", id_to_string(c.node_id)},
                 {"assignee_id",
                  c.assignee_id ? json::value(id_to_string(c.assignee_id)) : json::value(nullptr)},
                 {"returns", c.returns},
                 {"delay_pending", c.delay_pending},
                 {"merged_into",
                  c.merged_into ? json::value(id_to_string(c.merged_into)) : json::value(nullptr)},
                 {"created_at", c.created_at},
                 {"updated_at", c.updated_at},
                 {"closed_at", c.closed_at ? json::value(c.closed_at) : json::value(nullptr)},
                 {"version", c.version},
                 {"complex", c.complex},
                 {"deadline_status", c.deadline_status}};
  if (c.close_deadline) {
    o["deadlines"] = json::object{
        {"sign", c.sign_deadline}, {"contact", c.contact_deadline}, {"close", c.close_deadline}};
  }
  if (c.escalated_to) o["escalated_to"] = id_to_string(c.escalated_to);
  if (c.leader_id) o["leader_in_charge"] = c.leader_name;
  o["supervised"] = c.supervised;
  o["urges"] = c.urges;
  if (c.lng && c.lat) o["location"] = json::object{{"lng", *c.lng}, {"lat", *c.lat}};
  if (c.building_id) o["building_id"] = id_to_string(c.building_id);
  if (c.satisfied)
    o["evaluation"] = json::object{{"resolved", c.resolved.value_or(false)},
                                   {"satisfied", *c.satisfied},
                                   {"rating", c.rating}};
  if (staff) {
    o["contact_name"] = c.contact_name;
    o["contact_phone"] = c.contact_phone_mask;
  }
  return o;
}

Result<Case> case_for(Services& svc, const http::Request& req) {
  auto id = parse_id(req.param("id"));
  auto c = id ? svc.db.read([&](soci::session& s) { return store::get(s, *id); }) : std::nullopt;
  if (!c || !may_read(svc, *req.principal, *c)) return Error::not_found("案件", "Case");
  return *c;
}
}  // namespace gridgov::cases
