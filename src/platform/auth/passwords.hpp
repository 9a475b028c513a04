#pragma once
// Password hashing with argon2id (libsodium, INTERACTIVE limits: ~64 MiB and
// ~200 ms each). At most `concurrency` hashes run at once, so a burst of
// logins cannot exhaust memory; callers past that wait, then get 503.
#include <string>

#include "platform/core/error.hpp"

namespace gridgov::passwords {

// Call once at start-up (initialises libsodium, sets the concurrency cap).
void init(int concurrency);

// Rules: at least `min_length` characters, at most 128 bytes, valid UTF-8,
// at least three of lower case, upper case, digits, symbols; not containing
// the username. Outcomes: ok, or kInvalid with field "password".
Status check_rules(const std::string& password, const std::string& username, int min_length);

Result<std::string> hash(const std::string& password);
// False for a wrong password and for a malformed stored hash.
Result<bool> verify(const std::string& stored_hash, const std::string& password);
// Spends the same time as a verify, for unknown usernames (no timing oracle).
void burn();

}  // namespace gridgov::passwords
