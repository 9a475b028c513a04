// The demo city's hotline as a client system: a key a newcomer can use at once
// (printed, like the demo logins). A fresh key each time the demo is loaded.
#include <soci/soci.h>

#include <cstdio>

#include "features/open311/clients.hpp"
#include "features/open311/module.hpp"
#include "platform/auth/audit.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::open311 {

Status build_demo(Services& svc, const DemoOptions& options) {
  const std::string name = "12345 市民服务热线（演示）";
  auto city = svc.db.read(
      [&](soci::session& s) { return tree::get_by_code(s, options.city + "00000000"); });
  if (!city) return {};  // no city, nothing to exchange cases about
  Millis now = svc.clock.now_ms();
  Client c;
  c.name = name;
  c.node_id = city->id;
  c.node_path = city->path;
  c.district_code = city->district_code;
  c.rate_per_minute = 600;
  c.created_at = now;
  std::string key;
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    for (const auto& old : list(tx.sql))
      if (old.name == name && !old.revoked_at) revoke(tx, old.id, now);
    key = issue(tx, c, 0);
    audit::append(tx, system_actor("demo"),
                  {"apiclient.create", "api_client", id_to_string(c.id), c.node_path,
                   c.district_code, "{\"name\":\"demo hotline\"}"},
                  now);
    return {};
  });
  if (!st) return st;
  std::printf("  Open311 演示密钥 demo key (%s): %s\n", name.c_str(), key.c_str());
  return {};
}

}  // namespace gridgov::open311
