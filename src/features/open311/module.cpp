#include "features/open311/module.hpp"

#include "features/open311/api.hpp"
#include "features/open311/clients.hpp"

namespace gridgov::open311 {

Module module() {
  Module m;
  m.name = "open311";
  m.migrations = client_migrations;
  m.actions = {
      {"apiclient.manage", "管理接入系统与密钥", "Manage API client systems and keys", {"admin"}}};
  m.routes = [](http::Router& router, Services& svc) {
    routes(router, svc);
    client_routes(router, svc);
  };
  return m;
}

}  // namespace gridgov::open311
