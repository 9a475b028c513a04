#pragma once
// How the writer's domain events become the webhook events subscribers ask for.
// The events themselves are declared in the features' manifests
// (Module::events, gathered in the Catalog). One subject's events (a case's)
// share a subject, the unit of ordering: a subscriber receives them in order.
#include <optional>
#include <string>

#include "platform/catalog.hpp"
#include "platform/db/database.hpp"

namespace gridgov::webhooks {

struct Mapped {
  std::string type;
  std::string action;   // what happened, e.g. "dispatch"
  std::string subject;  // the payload's case_id, else its id
};
// The webhook event a domain event is, if any subscriber may be told of it.
std::optional<Mapped> map_event(const Catalog& catalog, const DomainEvent& e);

}  // namespace gridgov::webhooks
