#include "features/cases/commands.hpp"

#include <boost/json.hpp>

#include "features/cases/intake.hpp"
#include "features/cases/store.hpp"

namespace gridgov::cases {
namespace json = boost::json;

namespace {
// The calendar's audit rows sit at the root: the calendar is the whole country's.
void calendar_audit(WriteTx& tx, const Actor& actor, const char* action, const std::string& key,
                    const json::object& detail, Millis now) {
  audit::append(tx, actor, {action, "calendar", key, "/1/", "000000", json::serialize(detail)},
                now);
}
}  // namespace

Status supervise_case(WriteTx& tx, const Actor& actor, const Case& c, const std::string& kind,
                      const std::string& note, Millis now) {
  if (auto s = store::supervise(tx, c.id, kind, actor.account_id, actor.display_name); !s) return s;
  store::add_history(
      tx, c,
      {0, now, actor.account_id, shown(actor), kind, to_string(c.state), to_string(c.state), note});
  audit::append(tx, actor,
                {"case." + kind, "case", id_to_string(c.id), c.node_path, c.district_code}, now);
  tx.emit({"case." + kind, c.node_path,
           json::serialize(json::object{{"id", id_to_string(c.id)}, {"note", note}}), "case.read"});
  return {};
}

void attach_photo(WriteTx& tx, const Actor& actor, const Case& c, const Photo& p, Millis now) {
  photos::insert(tx, p);
  store::add_history(tx, c,
                     {0, now, actor.account_id, shown(actor), "photo", to_string(c.state),
                      to_string(c.state), p.stage});
  audit::append(tx, actor,
                {"case.photo", "case", id_to_string(c.id), c.node_path, c.district_code,
                 json::serialize(json::object{
                     {"photo", id_to_string(p.id)}, {"stage", p.stage}, {"sha256", p.sha256}})},
                now);
}

void import_cases(WriteTx& tx, const Actor& actor, std::vector<Case>& drafts,
                  const std::string& common, Millis now) {
  for (auto& c : drafts) record_intake(tx, c, actor, now);
  audit::append(
      tx, actor,
      {"case.import", "case", "", common, drafts.front().district_code,
       json::serialize(json::object{
           {"rows", drafts.size()}, {"first", drafts.front().code}, {"last", drafts.back().code}})},
      now);
}

void set_calendar_day(WriteTx& tx, const Actor& actor, const CalendarDay& d, Millis now) {
  store::set_calendar_day(tx, d.date, d.kind, d.note, actor.account_id, now);
  calendar_audit(tx, actor, "calendar.set", d.date, {{"kind", d.kind}, {"note", d.note}}, now);
}

void mark_calendar_year(WriteTx& tx, const Actor& actor, const std::string& year, bool entered,
                        Millis now) {
  store::set_calendar_year(tx, year, entered ? "editor" : "", actor.account_id, now);
  calendar_audit(tx, actor, "calendar.year", year, {{"entered", entered}}, now);
}

void import_calendar_year(WriteTx& tx, const Actor& actor, const std::string& year,
                          const std::vector<CalendarDay>& days, Millis now) {
  store::clear_calendar_year(tx, year);
  for (const auto& d : days)
    store::set_calendar_day(tx, d.date, d.kind, d.note, actor.account_id, now);
  store::set_calendar_year(tx, year, "import", actor.account_id, now);
  calendar_audit(tx, actor, "calendar.import", year, {{"days", days.size()}}, now);
}

void replace_dispatch_rules(WriteTx& tx, const Actor& actor, const tree::Node& node,
                            const std::vector<DispatchRule>& rules, Millis now) {
  dispatch_rules::replace(tx, node, rules, actor.account_id, now);
  audit::append(
      tx, actor,
      {"case.dispatch_rules", "node", id_to_string(node.id), node.path, node.district_code,
       json::serialize(json::object{{"rules", dispatch_rules::rules_json(tx.sql, rules)}})},
      now);
}

void define_category(WriteTx& tx, const Actor& actor, const Category& c, bool created, Millis now) {
  save_category(tx, c, actor.account_id, now);
  audit::append(tx, actor,
                {created ? "case.category_create" : "case.category_update", "category", c.id, "/1/",
                 "000000", json::serialize(category_json(c))},
                now);
}

}  // namespace gridgov::cases
