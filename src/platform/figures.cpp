#include "platform/figures.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>

#include "platform/auth/principal.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov {
namespace json = boost::json;

void figure_routes(http::Router& router, Services& svc) {
  router.add(
      "GET", "/api/v1/nodes/{id}/figures",
      http::replying([&svc](http::Request& req) -> http::Reply {
        auto id = parse_id(req.param("id"));
        auto node =
            id ? svc.db.read([&](soci::session& s) { return tree::get(s, *id); }) : std::nullopt;
        if (!node || !svc.authz.can(*req.principal, "node.read", node->path))
          return Error::not_found("节点", "Node");
        bool en = req.english();
        Millis now = svc.clock.now_ms();
        json::array items;
        svc.db.read([&](soci::session& s) {
          for (const auto& f : svc.catalog.figures()) {
            if (!svc.authz.can(*req.principal, f.action, node->path)) continue;
            long long value = f.count(s, node->path, now);
            items.push_back(json::object{{"code", f.code},
                                         {"name", en ? f.en : f.zh},
                                         {"value", value},
                                         {"trouble", f.trouble && value > 0}});
          }
          return 0;
        });
        return http::ok_json(json::object{{"items", std::move(items)}});
      }),
      {.summary = "The dashboard's figures for a place, from every feature the caller may see"});
}

}  // namespace gridgov
