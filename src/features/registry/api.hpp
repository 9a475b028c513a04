#pragma once
// Routes of the registry (registered by its manifest in module.cpp).
#include <boost/json/object.hpp>

#include "features/registry/commands.hpp"
#include "platform/http/message.hpp"
#include "platform/services.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::registry {

void routes(http::Router& router, Services& svc);         // people: register, read, reveal, search
void visit_routes(http::Router& router, Services& svc);   // key groups, visits, visits due
void rental_routes(http::Router& router, Services& svc);  // grades, patrols, patrols due

struct Person;
// The house `id_text` names, if the caller may `action` where it is (404 outside their view).
Result<HouseAt> house_for(Services& svc, const http::Request& req, std::string_view id_text,
                          const char* action);
boost::json::object person_json(const Person& p);
// The person named by {id}, if the caller may `action` where they live (404 outside their view).
Result<Person> person_for(Services& svc, const http::Request& req, const char* action);

}  // namespace gridgov::registry
