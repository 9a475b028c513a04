#pragma once
// The events a subscriber may ask for, and how the writer's domain events
// become them. One case's events share a subject (the case id), the unit of
// ordering: a subscriber receives them in the order they happened.
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace gridgov::webhooks {

struct EventType {
  const char* name;  // "case.status_changed"
  const char* zh;
  const char* en;
};
const std::vector<EventType>& event_types();
bool known_type(const std::string& name);

// The webhook event a domain event is, if any: its type and subject.
struct Mapped {
  std::string type;
  std::string action;   // what happened, e.g. "dispatch"
  std::string subject;  // the case id
};
std::optional<Mapped> map_event(const DomainEvent& e);

}  // namespace gridgov::webhooks
