#include "features/open311/module.hpp"

#include "features/open311/api.hpp"
#include "features/open311/clients.hpp"
#include "features/open311/request_store.hpp"

namespace gridgov::open311 {

Status build_demo(Services& svc, const DemoOptions& options);  // demo.cpp

Module module() {
  Module m;
  m.name = "open311";
  m.settings = {
      {"open311.public_requests", "true",
       "Open311 GET requests answer without a key (as the specification has it)  "
       "Open311 查询是否对公众开放"},
  };
  m.migrations = [] {
    auto all = client_migrations();
    for (auto& m : request_migrations()) all.push_back(std::move(m));
    return all;
  };
  m.demo = build_demo;
  m.sealed = {{"open311_requests", "email", "", ""}};
  m.actions = {
      {"apiclient.manage", "管理接入系统与密钥", "Manage API client systems and keys", {"admin"}}};
  m.routes = [](http::Router& router, Services& svc) {
    routes(router, svc);
    request_routes(router, svc);
    client_routes(router, svc);
  };
  return m;
}

}  // namespace gridgov::open311
