#pragma once
// The cases table's columns, each next to the Case member it holds (private to
// the store's files): every SELECT, INSERT and UPDATE of cases is made from it.
#include "features/cases/store.hpp"
#include "platform/db/row_map.hpp"

namespace gridgov::cases::store {

inline std::string state_text(State s) {
  return to_string(s);
}
inline State state_of(std::string_view s) {
  return parse_state(s).value_or(State::kReported);
}

inline const db::RowMap<Case>& case_map() {
  static const db::RowMap<Case> map =
      db::RowMap<Case>("cases")
          .col("id", &Case::id)
          .col("code", &Case::code)
          .col("district_code", &Case::district_code)
          .col("node_id", &Case::node_id)
          .col("node_path", &Case::node_path)
          .col("channel", &Case::channel)
          .col("kind", &Case::kind)
          .col("category", &Case::category)
          .col("urgency", &Case::urgency)
          .col("title", &Case::title)
          .col("description", &Case::description)
          .col("address", &Case::address)
          .col("lng", &Case::lng)
          .col("lat", &Case::lat)
          .col("building_id", &Case::building_id)
          .col("reporter_id", &Case::reporter_id)
          .col("contact_name", &Case::contact_name)
          .col("contact_phone", &Case::contact_phone)
          .text("state", &Case::state, state_text, state_of)
          .col("assignee_id", &Case::assignee_id)
          .col("assignee_path", &Case::assignee_path)
          .col("returns", &Case::returns)
          .col("delay_pending", &Case::delay_pending)
          .col("resolved", &Case::resolved)
          .col("satisfied", &Case::satisfied)
          .col("rating", &Case::rating)
          .col("merged_into", &Case::merged_into)
          .col("created_at", &Case::created_at)
          .col("updated_at", &Case::updated_at)
          .col("closed_at", &Case::closed_at)
          .col("version", &Case::version)
          .col("complex", &Case::complex)
          .col("sign_deadline", &Case::sign_deadline)
          .col("close_deadline", &Case::close_deadline)
          .col("deadline_status", &Case::deadline_status)
          .col("escalated_to", &Case::escalated_to)
          .col("leader_id", &Case::leader_id)
          .col("leader_name", &Case::leader_name)
          .col("supervised", &Case::supervised)
          .col("urges", &Case::urges)
          .col("milestones", &Case::milestones)
          .col("contact_phone_mask", &Case::contact_phone_mask)
          .col("contact_phone_index", &Case::contact_phone_index)
          .col("contact_deadline", &Case::contact_deadline)
          // The ~50 m cell of the duplicate search (nearby()), from the location.
          .derived<long long>(
              "cell", [](const Case& c) { return c.lng && c.lat ? cell_of(*c.lng, *c.lat) : 0LL; });
  return map;
}

}  // namespace gridgov::cases::store
