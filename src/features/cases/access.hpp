#pragma once
// Who may see and do what on a case, and how a case looks in JSON.
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "features/cases/store.hpp"
#include "platform/http/message.hpp"
#include "platform/services.hpp"

namespace gridgov {
struct Principal;
}

namespace gridgov::cases {

// 409 "version_conflict": someone acted on the case first.
Error stale_version();
// The parts `who` plays on `c` (dispatcher, superior, assignee, verifier, reporter).
std::vector<Part> parts_of(const Services& svc, const Principal& who, const Case& c);
// Located in the caller's scope, dispatched or whistled to it, or reported by them.
bool may_read(Services& svc, const Principal& who, const Case& c);
Facts facts_of(const Case& c);
// `staff`: include the contact (masked).
boost::json::object case_json(const Case& c, bool staff);
// The case named by {id} if the caller may read it, else 404.
Result<Case> case_for(Services& svc, const http::Request& req);

}  // namespace gridgov::cases
