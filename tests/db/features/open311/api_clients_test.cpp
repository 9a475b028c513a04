// API keys: found by the key itself (only its hash is stored), not after revocation,
// and held to the client's rate.
#include <soci/soci.h>

#include "features/open311/clients.hpp"
#include "support/runtime_fixture.hpp"

using namespace gridgov;
using namespace gridgov::testing;

class ApiClients : public RuntimeTest {};

TEST_F(ApiClients, KeyFindsItsClientUntilRevoked) {
  open311::Client c;
  c.name = "一网统管";
  c.node_id = 1;
  c.node_path = "/1/";
  c.district_code = "";
  c.rate_per_minute = 2;
  c.created_at = 1000;
  std::string key;
  ASSERT_TRUE(db().write([&](WriteTx& tx) -> Status {
    key = open311::issue(tx, c, 0);
    return {};
  }));
  auto found = db().read([&](soci::session& s) { return open311::authenticate(s, key); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, c.id);
  EXPECT_EQ(found->name, "一网统管");
  std::string stored;
  db().read([&](soci::session& s) {
    s << "SELECT key_hash FROM api_clients WHERE id = :id", soci::use(c.id), soci::into(stored);
    return 0;
  });
  EXPECT_NE(stored, key);  // the key itself is not kept
  EXPECT_FALSE(db().read([&](soci::session& s) { return open311::authenticate(s, key + "x"); }));
  EXPECT_FALSE(db().read([&](soci::session& s) { return open311::authenticate(s, ""); }));

  EXPECT_TRUE(open311::within_rate(*found, 5000));
  EXPECT_TRUE(open311::within_rate(*found, 5000));
  EXPECT_FALSE(open311::within_rate(*found, 5000));         // 2 a minute
  EXPECT_TRUE(open311::within_rate(*found, 5000 + 31000));  // half a minute later: one more

  ASSERT_TRUE(db().write([&](WriteTx& tx) -> Status {
    open311::revoke(tx, c.id, 2000);
    return {};
  }));
  EXPECT_FALSE(db().read([&](soci::session& s) { return open311::authenticate(s, key); }));
}
