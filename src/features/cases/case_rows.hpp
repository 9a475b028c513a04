#pragma once
// One row of the cases table read into a Case (private to the store's files).
#include <soci/soci.h>

#include "features/cases/store.hpp"

namespace gridgov::cases::store {

inline constexpr const char* kColumns =
    "id, code, district_code, node_id, node_path, channel, kind, category, urgency, title, "
    "description,"
    " address, lng, lat, building_id, reporter_id, contact_name, contact_phone, state, assignee_id,"
    " assignee_path, returns, delay_pending, resolved, satisfied, rating, merged_into, created_at,"
    " updated_at, closed_at, version, complex, sign_deadline, close_deadline, deadline_status,"
    " escalated_to, leader_id, leader_name, supervised, urges, milestones, contact_phone_mask,"
    " contact_phone_index, contact_deadline";

// Binds one row of kColumns; `fix` turns the raw columns into the struct afterwards.
struct RowBinding {
  Case c;
  double lng = 0, lat = 0;
  soci::indicator lng_ind = soci::i_null, lat_ind = soci::i_null, resolved_ind = soci::i_null,
                  satisfied_ind = soci::i_null;
  int delay = 0, resolved = 0, satisfied = 0, complex = 0, supervised_flag = 0;
  std::string state;

  void bind(soci::statement& st) {
    st.exchange(soci::into(c.id));
    st.exchange(soci::into(c.code));
    st.exchange(soci::into(c.district_code));
    st.exchange(soci::into(c.node_id));
    st.exchange(soci::into(c.node_path));
    st.exchange(soci::into(c.channel));
    st.exchange(soci::into(c.kind));
    st.exchange(soci::into(c.category));
    st.exchange(soci::into(c.urgency));
    st.exchange(soci::into(c.title));
    st.exchange(soci::into(c.description));
    st.exchange(soci::into(c.address));
    st.exchange(soci::into(lng, lng_ind));
    st.exchange(soci::into(lat, lat_ind));
    st.exchange(soci::into(c.building_id));
    st.exchange(soci::into(c.reporter_id));
    st.exchange(soci::into(c.contact_name));
    st.exchange(soci::into(c.contact_phone));
    st.exchange(soci::into(state));
    st.exchange(soci::into(c.assignee_id));
    st.exchange(soci::into(c.assignee_path));
    st.exchange(soci::into(c.returns));
    st.exchange(soci::into(delay));
    st.exchange(soci::into(resolved, resolved_ind));
    st.exchange(soci::into(satisfied, satisfied_ind));
    st.exchange(soci::into(c.rating));
    st.exchange(soci::into(c.merged_into));
    st.exchange(soci::into(c.created_at));
    st.exchange(soci::into(c.updated_at));
    st.exchange(soci::into(c.closed_at));
    st.exchange(soci::into(c.version));
    st.exchange(soci::into(complex));
    st.exchange(soci::into(c.sign_deadline));
    st.exchange(soci::into(c.close_deadline));
    st.exchange(soci::into(c.deadline_status));
    st.exchange(soci::into(c.escalated_to));
    st.exchange(soci::into(c.leader_id));
    st.exchange(soci::into(c.leader_name));
    st.exchange(soci::into(supervised_flag));
    st.exchange(soci::into(c.urges));
    st.exchange(soci::into(c.milestones));
    st.exchange(soci::into(c.contact_phone_mask));
    st.exchange(soci::into(c.contact_phone_index));
    st.exchange(soci::into(c.contact_deadline));
  }
  Case fixed() const {
    Case out = c;
    out.lng = lng_ind == soci::i_ok ? std::optional<double>(lng) : std::nullopt;
    out.lat = lat_ind == soci::i_ok ? std::optional<double>(lat) : std::nullopt;
    out.resolved = resolved_ind == soci::i_ok ? std::optional<bool>(resolved != 0) : std::nullopt;
    out.satisfied =
        satisfied_ind == soci::i_ok ? std::optional<bool>(satisfied != 0) : std::nullopt;
    out.delay_pending = delay != 0;
    out.complex = complex != 0;
    out.supervised = supervised_flag != 0;
    out.state = parse_state(state).value_or(State::kReported);
    return out;
  }
};

}  // namespace gridgov::cases::store
