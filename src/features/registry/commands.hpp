#pragma once
// The registry's state changes as named commands, each run inside a write
// (its savepoint: an outcome other than success leaves nothing behind) and
// listing its outcomes. The routes check the caller's right and the request's
// shape first, then run one of these.
#include "features/cases/model.hpp"
#include "features/org/buildings.hpp"
#include "features/registry/model.hpp"
#include "features/registry/rental.hpp"
#include "features/registry/visits.hpp"
#include "platform/auth/audit.hpp"
#include "platform/db/database.hpp"
#include "platform/services.hpp"

namespace gridgov {
struct Principal;
}

namespace gridgov::registry {

// RegisterPerson — someone living in a house joins the register: `p` is placed
// (place()) and its fields checked (person_fields()). The first person of a house
// heads a new household; a rented house is graded again; the change is audited.
// Outcomes:
//   the person as written, with their household and relation;
//   kConflict identity_registered — the number is on the register where `who` may look;
//   kConflict identity_not_registrable — it is registered where `who` may not look: they
//     learn only that it cannot be registered here (`elsewhere` is set, so the caller can
//     audit the attempt in a write of its own: this one rolls back);
//   kConflict head_exists — a head was asked for where the household has one.
Result<Person> register_person(WriteTx& tx, Services& svc, const Principal& who, const Actor& actor,
                               Person p, Millis now, bool& elsewhere);

// MovePerson — `p` (as read, at `version`) leaves their house and, unless `to` is
// empty (moving out of the area), joins the household of `to` (its house in its
// building); every stay is kept, and both houses are graded again (who lives
// where is an input of a rented house's grade). Audited as person.move or
// person.move_out. Outcomes:
//   the person as written;
//   kConflict version_conflict — someone changed the person since `version`.
// A house with its building, as the routes about houses find them.
struct HouseAt {
  org::House house;
  tree::Node building;
};
Result<Person> move_person(WriteTx& tx, Services& svc, const Actor& actor, const Person& p,
                           int version, const std::optional<HouseAt>& to, Millis now);

// ChangeHouseUse — what `at` is used for (owner_occupied, rented, vacant or
// commercial, checked by the route) and, when rented, its rooms; the house is
// graded again and the change audited as house.use. Always succeeds.
void change_house_use(WriteTx& tx, Services& svc, const Actor& actor, Id by, const HouseAt& at,
                      const std::string& use, int rooms, Millis now);

// ConfigureKeyGroup — a key group (the tag its people carry, its names, how
// often they are visited) is added or changed, by `by`; audited as
// keygroup.save with the group as saved. Always succeeds.
void configure_key_group(WriteTx& tx, const Actor& actor, const KeyGroup& g, Id by, Millis now);

// LogVisit — a visit to `p` is kept; with `raised` (a case drafted from the need
// the visitor heard), the case is taken in within the same write and the visit
// points at it. Audited as person.visit with the case's code. Always succeeds.
void log_visit(WriteTx& tx, const Actor& actor, const Person& p, Visit& v,
               std::optional<cases::Case>& raised, Millis now);

// RecordPatrol — a patrol of the rented house `at` with the fire hazards still
// open after it; the house is graded again and the patrol audited as
// rental.patrol with the grade. Returns the new grade (its colour empty when the
// house is no longer graded). Always succeeds.
Grade record_patrol(WriteTx& tx, Services& svc, const Actor& actor, const HouseAt& at,
                    const Patrol& p, Millis now);

}  // namespace gridgov::registry
