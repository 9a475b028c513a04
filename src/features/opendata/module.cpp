#include "features/opendata/module.hpp"

#include "features/opendata/api.hpp"

namespace gridgov::opendata {

Module module() {
  Module m;
  m.name = "opendata";
  m.routes = routes;
  return m;
}

}  // namespace gridgov::opendata
