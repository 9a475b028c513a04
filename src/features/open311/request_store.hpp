#pragma once
// What a client system sent with a service request beyond the case itself:
// the token it may follow, the picture's address, the device and account it
// names, the reporter's email (sealed). One row per case posted through Open311.
#include <optional>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"

namespace gridgov::open311 {

struct PostedRequest {
  Id case_id = 0;
  std::string token;
  Id client_id = 0;
  std::string media_url, device_id, account_id;
  std::string email;  // sealed (privacy::Vault)
  Millis created_at = 0;
};

std::vector<Migration> request_migrations();
void insert(WriteTx& tx, const PostedRequest& r);
std::optional<PostedRequest> by_token(soci::session& sql, const std::string& token);
std::optional<PostedRequest> by_case(soci::session& sql, Id case_id);

}  // namespace gridgov::open311
