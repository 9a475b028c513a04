#pragma once
// The registry's state changes as named commands, each run inside a write
// (its savepoint: an outcome other than success leaves nothing behind) and
// listing its outcomes. The routes check the caller's right and the request's
// shape first, then run one of these.
#include "features/registry/model.hpp"
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

}  // namespace gridgov::registry
