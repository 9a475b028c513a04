#pragma once
// What the platform hands to each feature: the database, the permission
// check, sessions, the live event hub, the clock, the settings and the vault
// for personal data.
#include <functional>
#include <string>
#include <vector>

#include "platform/auth/rbac.hpp"
#include "platform/catalog.hpp"
#include "platform/config/setting_spec.hpp"
#include "platform/db/database.hpp"

namespace gridgov {

class Config;
class Clock;
class Gate;
class Sessions;
class Tasks;
namespace http {
class EventHub;
class Router;
}  // namespace http
namespace privacy {
class Vault;
}

struct Services {
  Database& db;
  Authz& authz;
  Sessions& sessions;
  http::EventHub& hub;
  const Clock& clock;
  const Config& config;
  const privacy::Vault& vault;  // seals and blinds personal data
  Tasks& tasks;                 // one-off background work (imports)
  const Catalog& catalog;       // every manifest's events, exports and figures
  Gate& exports;                // exports built at once (export.concurrency)
};

struct DemoOptions {
  std::string city = "4201";
  std::string scale = "small";
};

// Work a feature wants done every `interval_ms` while the server runs.
struct Job {
  std::string name;
  long long interval_ms = 60000;
  std::function<Status(Services& services)> run;
  bool own_thread = false;  // slow I/O (webhook deliveries): never holds up the other jobs
};

// A column holding sealed personal data (privacy::Vault), with the column of
// its blind index, so `gridgov keys rotate` can re-seal every one of them.
struct SealedColumn {
  std::string table;         // with an `id` primary key
  std::string column;        // "s1.<key>.<…>"
  std::string index_column;  // the blind index ("" when none)
  std::string purpose;       // the blind index's purpose ("phone", "identity")
};

// Something an administrator must see to (a year's holidays not entered…):
// shown on the dashboard to those holding `action` at the root, in /readyz's
// detail, and logged once a day while it lasts.
struct Notice {
  std::string code;  // stable, e.g. "calendar_missing"
  std::string message_zh, message_en;
  std::string action;  // the permission that can act on it, e.g. "calendar.manage"
  std::string link;    // where in the web app, e.g. "/calendar?year=2027"
};

// A feature's manifest: its schema, the actions it adds to the permission
// model (with the roles that get them), its settings, the events it tells
// other systems of, its exports, its routes, jobs and demo content.
// Adding a feature = its folder + one line in src/app/features.cpp.
struct Module {
  std::string name;
  std::vector<Migration> (*migrations)() = nullptr;
  std::vector<ActionDef> actions;
  std::vector<SettingSpec> settings;  // "<feature>.<name>", with defaults and help
  std::vector<EventDecl> events;
  std::vector<ExportDecl> exports;  // used by its routes as http::exportable(svc, fn, id)
  std::vector<FigureDecl> figures;  // the dashboard's, for a place
  void (*routes)(http::Router& router, Services& services) = nullptr;
  Status (*demo)(Services& services, const DemoOptions& options) = nullptr;
  // Called once when the server starts, before it listens (load caches).
  // A failure stops the server before it listens.
  Status (*start)(Services& services) = nullptr;
  std::vector<Job> jobs;
  std::vector<SealedColumn> sealed;
  // What needs an administrator now; nullptr when the feature never asks.
  std::vector<Notice> (*notices)(Services& services) = nullptr;
};

}  // namespace gridgov
