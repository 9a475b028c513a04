// Intake: a report's fields checked and its place found, then written with
// its code, history, audit row and live event. Shared by every channel.
#include "features/cases/intake.hpp"

#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/cases/access.hpp"
#include "features/cases/taxonomy.hpp"
#include "features/org/buildings.hpp"
#include "features/org/shapes.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/geo/geo.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::cases {
namespace json = boost::json;

namespace {

// Where a report is: a building, a point inside a grid, or a node picked by hand.
Result<tree::Node> resolve_place(Services& svc, const http::Body& body, Case& c) {
  if (body.has("building_id")) {
    auto id = body.id("building_id");
    if (!id) return id.error();
    auto b = svc.db.read([&](soci::session& s) { return org::buildings::get(s, **id); });
    if (!b || b->node.status != "active")
      return Error::invalid("building_id", "楼栋不存在", "No such building");
    c.building_id = b->node.id;
    c.lng = b->spec.lng;
    c.lat = b->spec.lat;
    auto parent = svc.db.read([&](soci::session& s) { return tree::get(s, b->node.parent_id); });
    if (!parent) return Error::internal();
    return *parent;
  }
  if (body.has("lng") || body.has("lat")) {
    auto lng = body.number("lng");
    if (!lng) return lng.error();
    auto lat = body.number("lat");
    if (!lat) return lat.error();
    // Written so that NaN, which compares false with everything, is refused too.
    if (!(*lng >= -180 && *lng <= 180 && *lat >= -90 && *lat <= 90)) {
      return Error::invalid("lng", "位置须为 WGS84 经纬度",
                            "The location must be a WGS84 longitude/latitude");
    }
    c.lng = *lng;
    c.lat = *lat;
    auto ids = org::shape_index().containing({*lng, *lat});
    if (!ids.empty()) {
      auto node =
          svc.db.read([&](soci::session& s) { return tree::get(s, ids.back()); });  // the deepest
      if (node) return *node;
    }
    if (!body.has("node_id")) {
      return Error::make(ErrorKind::kInvalid, "outside_grids",
                         "该位置不在任何网格内，请选择所在社区",
                         "The point lies in no grid: choose the community", "lng");
    }
  }
  auto id = body.id("node_id");
  if (!id) return id.error();
  auto node = svc.db.read([&](soci::session& s) { return tree::get(s, **id); });
  if (!node || node->status != "active" ||
      tree::level_rank(node->level) < tree::level_rank("community")) {
    return Error::invalid("node_id", "请选择社区、网格或微网格",
                          "Choose a community, grid or micro-grid");
  }
  return *node;
}

}  // namespace

Result<Case> draft_case(Services& svc, const http::Body& body, const Principal* who) {
  Case c;
  auto text_field = [&](const char* key, http::TextRule rule, std::string& out) -> Status {
    auto v = body.text(key, rule);
    if (!v) return v.error();
    out = *v;
    return {};
  };
  if (auto st = text_field("channel", {.required = false, .max_chars = 20}, c.channel); !st)
    return st.error();
  if (c.channel.empty()) c.channel = "resident";
  if (auto st = http::check_choice(channels(), c.channel, "channel"); !st) return st.error();
  if (auto st = text_field("kind", {.max_chars = 20}, c.kind); !st) return st.error();
  if (auto st = http::check_choice(kinds(), c.kind, "kind"); !st) return st.error();
  if (auto st = text_field("category", {.max_chars = 64}, c.category); !st) return st.error();
  auto category = find_category(c.category);
  if (!category || !category->active) {
    return Error::invalid("category", "未知或已停用的问题类别: " + c.category,
                          "Unknown or retired category: " + c.category);
  }
  if (auto st = text_field("urgency", {.required = false, .max_chars = 20}, c.urgency); !st)
    return st.error();
  if (c.urgency.empty()) c.urgency = "normal";
  if (auto st = http::check_choice(urgencies(), c.urgency, "urgency"); !st) return st.error();
  if (auto st = text_field("title", {.min_chars = 2, .max_chars = 100}, c.title); !st)
    return st.error();
  if (auto st = text_field("description", {.required = false, .max_chars = 4000, .multiline = true},
                           c.description);
      !st) {
    return st.error();
  }
  if (auto st = text_field("address", {.required = false, .max_chars = 200}, c.address); !st)
    return st.error();
  if (auto st = text_field("contact_name", {.required = false, .max_chars = 32}, c.contact_name);
      !st) {
    return st.error();
  }
  if (auto st = text_field("contact_phone", {.required = !who, .max_chars = 20}, c.contact_phone);
      !st) {
    return st.error();
  }
  if (!c.contact_phone.empty()) {
    bool ok = c.contact_phone.size() >= 7;
    for (char ch : c.contact_phone)
      ok = ok && (std::isdigit(static_cast<unsigned char>(ch)) || ch == '-');
    if (!ok)
      return Error::invalid("contact_phone", "联系电话格式不正确",
                            "The contact phone is not a phone number");
    // Sealed at once: the number itself is never stored (docs/privacy.md).
    c.contact_phone_mask = privacy::mask_phone(c.contact_phone);
    c.contact_phone_index = svc.vault.blind("phone", c.contact_phone);
    c.contact_phone = svc.vault.seal(c.contact_phone);
  }
  auto place = resolve_place(svc, body, c);
  if (!place) return place.error();
  if (c.channel == "resident") {
    if (who) c.reporter_id = who->account_id;
  } else if (!who || !svc.authz.can(*who, "case.intake", place->path)) {
    return Error::forbidden();
  }
  c.id = new_id();
  c.node_id = place->id;
  c.node_path = place->path;
  c.district_code = place->district_code;
  c.state = State::kReported;
  c.created_at = c.updated_at = svc.clock.now_ms();
  return c;
}

void record_intake(WriteTx& tx, Case& c, const Actor& actor, Millis now) {
  c.code = store::next_code(tx, c.district_code, now);
  store::insert(tx, c);
  store::add_history(
      tx, c, {0, now, actor.account_id, shown(actor), "report", "", to_string(c.state), c.channel});
  audit::append(tx, actor,
                {"case.report", "case", id_to_string(c.id), c.node_path, c.district_code,
                 json::serialize(json::object{{"code", c.code}, {"category", c.category}})},
                now);
  tx.emit({"case.created", c.node_path, json::serialize(case_json(c, false)), "case.read"});
}

}  // namespace gridgov::cases
