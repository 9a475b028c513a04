#pragma once
// Open311's state changes as named commands, each run inside a write (its
// savepoint: an outcome other than success leaves nothing behind). The routes
// check the caller's right or key and the request's shape first.
#include <string>

#include "features/cases/model.hpp"
#include "features/open311/clients.hpp"
#include "features/open311/request_store.hpp"
#include "platform/auth/audit.hpp"
#include "platform/db/database.hpp"

namespace gridgov::open311 {

// RegisterClient — a system that exchanges cases with us gets a key scoped to
// `c`'s node; `c` gets its id and key prefix. Audited as apiclient.create.
// Returns the key, shown to the caller once and never stored. Always succeeds.
std::string register_client(WriteTx& tx, const Actor& actor, Client& c);

// WithdrawClient — `c`'s key stops working (the client is kept). Audited as
// apiclient.revoke. Always succeeds (a second withdrawal changes nothing).
void withdraw_client(WriteTx& tx, const Actor& actor, const Client& c, Millis now);

// PostRequest — a service request a client system posted becomes a case
// through the common intake, remembered with its token and the posted fields
// (`posted.case_id` is the case's). Always succeeds (the intake audits it).
void post_request(WriteTx& tx, const Actor& actor, cases::Case& c, const PostedRequest& posted);

}  // namespace gridgov::open311
