#include "features/open311/commands.hpp"

#include <boost/json.hpp>

#include "features/cases/intake.hpp"

namespace gridgov::open311 {
namespace json = boost::json;

std::string register_client(WriteTx& tx, const Actor& actor, Client& c) {
  std::string key = issue(tx, c, actor.account_id);
  audit::append(tx, actor,
                {"apiclient.create", "api_client", id_to_string(c.id), c.node_path, c.district_code,
                 json::serialize(json::object{{"name", c.name}})},
                c.created_at);
  return key;
}

void withdraw_client(WriteTx& tx, const Actor& actor, const Client& c, Millis now) {
  revoke(tx, c.id, now);
  audit::append(
      tx, actor,
      {"apiclient.revoke", "api_client", id_to_string(c.id), c.node_path, c.district_code, "{}"},
      now);
}

void post_request(WriteTx& tx, const Actor& actor, cases::Case& c, const PostedRequest& posted) {
  cases::record_intake(tx, c, actor, c.created_at);
  insert(tx, posted);
}

}  // namespace gridgov::open311
