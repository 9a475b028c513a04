#include "features/ledgers/module.hpp"

#include "features/ledgers/api.hpp"
#include "features/ledgers/imports.hpp"

namespace gridgov::ledgers {

Module module() {
  Module m;
  m.name = "ledgers";
  m.settings = {
      {"ledgers.max_rows", "2000000", "Rows one ledger import may hold  单次导入最大行数"},
      {"ledgers.queue", "8", "Imports that may wait for their turn  排队导入上限"},
  };
  m.migrations = migrations;
  m.routes = routes;
  m.start = fail_unfinished;
  return m;
}

}  // namespace gridgov::ledgers
