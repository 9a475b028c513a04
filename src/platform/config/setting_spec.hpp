#pragma once
// One setting's declaration: the platform declares its own in config.cpp, each
// feature its own in its manifest (Module::settings).
#include <string>

namespace gridgov {

struct SettingSpec {
  std::string key;       // dotted, e.g. "http.port"
  std::string fallback;  // built-in default, as text
  std::string help;      // one line for --help (English, then Chinese)
};

}  // namespace gridgov
