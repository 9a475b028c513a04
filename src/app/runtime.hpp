#pragma once
// Everything a subcommand needs, opened from the resolved config: the
// database (migrated), the permission model with every feature's actions,
// sessions, the event hub. Serving adds the router, pipeline and server.
#include <functional>
#include <memory>
#include <vector>

#include "platform/auth/sessions.hpp"
#include "platform/config/config.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/gate.hpp"
#include "platform/db/fanout.hpp"
#include "platform/http/sse.hpp"
#include "platform/privacy/vault.hpp"
#include "platform/services.hpp"
#include "platform/tasks.hpp"

namespace gridgov {

// The feature list (src/app/features.cpp): one line per feature.
std::vector<Module> all_modules();
// Declares every feature's settings (once; before any Config is made).
void declare_feature_settings();
// The events and exports every manifest declares.
Catalog feature_catalog(const std::vector<Module>& modules);

struct Runtime {
  // Stops the writer first: nothing is handed to the fan-out once it is gone.
  ~Runtime();
  Config config;
  // The real time, or the time `clock.start` names running on from there.
  std::unique_ptr<Clock> clock;
  std::unique_ptr<Database> db;
  Authz authz;
  http::EventHub hub;
  // The live feed's deliveries, off the writer thread (destroyed before the hub).
  std::unique_ptr<EventFanout> fanout;
  std::unique_ptr<Sessions> sessions;
  std::unique_ptr<privacy::Vault> vault;
  Tasks tasks;
  std::unique_ptr<Gate> exports;
  std::unique_ptr<Services> services;
  std::vector<Module> modules;
  Catalog catalog;
};

// Opens the database, applies pending migrations, declares every action.
Result<std::unique_ptr<Runtime>> open_runtime(const Config& config);

// Every route: operations, each feature's, and the API description of them all.
void add_routes(http::Router& router, Runtime& rt, std::function<bool()> draining);

// Runs the server until SIGTERM/SIGINT. Returns the process exit code.
int serve(Runtime& rt);

}  // namespace gridgov
