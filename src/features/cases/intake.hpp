#pragma once
// Intake (受理登记) shared by every channel: the API, the CSV import.
#include "features/cases/model.hpp"
#include "platform/http/json_body.hpp"
#include "platform/services.hpp"

namespace gridgov {
struct Principal;
struct Actor;
}  // namespace gridgov

namespace gridgov::cases {

// A new case from `body` (channel, kind, category, urgency, title,
// description, address, contact_name, contact_phone, and the place as
// building_id, lng/lat or node_id), checked field by field (kInvalid names the
// field) and located. `who` is null for an anonymous resident; staff channels
// need case.intake at the place (kForbidden otherwise). Not yet written.
Result<Case> draft_case(Services& svc, const http::Body& body, const Principal* who);

// Writes a drafted case: its code (一案一码), the row, the history, the audit
// row and the live event.
void record_intake(WriteTx& tx, Case& c, const Actor& actor, Millis now);

}  // namespace gridgov::cases
