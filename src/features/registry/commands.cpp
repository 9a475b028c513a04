#include "features/registry/commands.hpp"

#include <boost/json.hpp>

#include "features/cases/intake.hpp"
#include "features/registry/registry.hpp"
#include "features/registry/rental.hpp"
#include "features/registry/store.hpp"
#include "platform/auth/principal.hpp"

namespace gridgov::registry {
namespace json = boost::json;

Result<Person> register_person(WriteTx& tx, Services& svc, const Principal& who, const Actor& actor,
                               Person p, Millis now, bool& elsewhere) {
  if (auto existing =
          p.identity_index.empty() ? std::nullopt : by_identity(tx.sql, p.identity_index)) {
    auto other = get(tx.sql, *existing);
    if (other && svc.authz.can(who, "person.read", other->node_path))
      return Error::make(ErrorKind::kConflict, "identity_registered", "该身份证号码已登记",
                         "This identity number is already registered", "identity_number");
    elsewhere = true;
    return Error::make(ErrorKind::kConflict, "identity_not_registrable",
                       "该身份证号码无法在此登记，请与社区核实",
                       "This identity number cannot be registered here; check with the "
                       "community",
                       "identity_number");
  }
  p.household_id = current_household(tx.sql, p.house_id);
  if (p.household_id && p.relation == "head") {
    return Error::make(ErrorKind::kConflict, "head_exists", "该房屋已有户主",
                       "The household living there already has a head", "relation");
  }
  if (!p.household_id) {
    p.relation = "head";
    p.household_id = create_household(tx, p, now);
  }
  insert(tx, p);
  regrade(tx, p.house_id, rental_rules(svc.config), now);
  audit::append(tx, actor,
                {"person.create", "person", id_to_string(p.id), p.node_path, p.district_code,
                 json::serialize(json::object{{"house", p.house_label}})},
                now);
  return p;
}

Result<Person> move_person(WriteTx& tx, Services& svc, const Actor& actor, const Person& p,
                           int version, const std::optional<HouseAt>& to, Millis now) {
  if (!version_current(tx, p.id, version)) {
    return Error::make(ErrorKind::kConflict, "version_conflict", "该人员信息已被他人修改，请刷新",
                       "Someone else changed this person; reload", "version");
  }
  Person moved = p;
  Id left = moved.status == "active" ? moved.house_id : 0;
  if (moved.status == "active") move_out(tx, moved, now);
  if (to) {
    move_in(tx, moved, to->building.id, to->building.path, to->building.district_code, to->house.id,
            to->building.name + " " + to->house.label, now);
  }
  if (left) regrade(tx, left, rental_rules(svc.config), now);
  if (to) regrade(tx, to->house.id, rental_rules(svc.config), now);
  audit::append(
      tx, actor,
      {to ? "person.move" : "person.move_out", "person", id_to_string(p.id), moved.node_path,
       moved.district_code,
       json::serialize(json::object{{"from", p.house_label}, {"to", to ? moved.house_label : ""}})},
      now);
  return moved;
}

void change_house_use(WriteTx& tx, Services& svc, const Actor& actor, Id by, const HouseAt& at,
                      const std::string& use, int rooms, Millis now) {
  set_house_use(tx, at.house.id, at.building.id, at.building.path, use, rooms, by, now);
  regrade(tx, at.house.id, rental_rules(svc.config), now);
  audit::append(tx, actor,
                {"house.use", "house", id_to_string(at.house.id), at.building.path,
                 at.building.district_code, json::serialize(json::object{{"use", use}})},
                now);
}

void configure_key_group(WriteTx& tx, const Actor& actor, const KeyGroup& g, Id by, Millis now) {
  save_key_group(tx, g, by, now);
  audit::append(
      tx, actor,
      {"keygroup.save", "key_group", g.id, "/1/", "000000", json::serialize(key_group_json(g))},
      now);
}

void log_visit(WriteTx& tx, const Actor& actor, const Person& p, Visit& v,
               std::optional<cases::Case>& raised, Millis now) {
  if (raised) {
    cases::record_intake(tx, *raised, actor, now);
    v.case_id = raised->id;
  }
  insert_visit(tx, v);
  audit::append(tx, actor,
                {"person.visit", "person", id_to_string(p.id), p.node_path, p.district_code,
                 json::serialize(json::object{{"case", raised ? raised->code : ""}})},
                now);
}

Grade record_patrol(WriteTx& tx, Services& svc, const Actor& actor, const HouseAt& at,
                    const Patrol& p, Millis now) {
  insert_patrol(tx, p);
  Grade g = regrade(tx, p.house_id, rental_rules(svc.config), now);
  audit::append(
      tx, actor,
      {"rental.patrol", "house", id_to_string(p.house_id), p.node_path, at.building.district_code,
       json::serialize(json::object{{"hazards", p.hazards}, {"grade", g.color}})},
      now);
  return g;
}

}  // namespace gridgov::registry
