#include "features/open311/module.hpp"

#include "features/open311/api.hpp"

namespace gridgov::open311 {

Module module() {
  Module m;
  m.name = "open311";
  m.routes = routes;
  return m;
}

}  // namespace gridgov::open311
