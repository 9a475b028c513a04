#include "app/runtime.hpp"

#include <mutex>

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

void declare_feature_settings() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const auto& m : all_modules()) declare_settings(m.settings);
  });
}

Catalog feature_catalog(const std::vector<Module>& modules) {
  Catalog catalog;
  for (const auto& m : modules) {
    catalog.add_events(m.events);
    catalog.add_exports(m.exports);
    catalog.add_figures(m.figures);
  }
  return catalog;
}

}  // namespace gridgov
