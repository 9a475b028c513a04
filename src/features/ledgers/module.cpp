#include "features/ledgers/module.hpp"

#include "features/ledgers/api.hpp"
#include "features/ledgers/imports.hpp"

namespace gridgov::ledgers {

Module module() {
  Module m;
  m.name = "ledgers";
  m.migrations = migrations;
  m.routes = routes;
  m.start = fail_unfinished;
  return m;
}

}  // namespace gridgov::ledgers
