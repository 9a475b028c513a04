#include "app/runtime.hpp"
#include "features/cases/module.hpp"
#include "features/ledgers/module.hpp"
#include "features/open311/module.hpp"
#include "features/opendata/module.hpp"
#include "features/org/module.hpp"
#include "features/registry/module.hpp"
#include "features/webhooks/module.hpp"
#include "platform/auth/api.hpp"

namespace gridgov {

std::vector<Module> all_modules() {
  return {
      auth_api::module(), org::module(),     cases::module(),    registry::module(),
      ledgers::module(),  open311::module(), webhooks::module(), opendata::module(),
  };
}

}  // namespace gridgov
