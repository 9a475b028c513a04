#pragma once
// Settings: built-in defaults < gridgov.toml < GRIDGOV_* environment < flags.
// Every setting is declared once (key, default, help) — the platform's in
// config.cpp, a feature's in its manifest; the CLI,
// the environment names and `gridgov serve --help` are all derived from that list.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "platform/config/setting_spec.hpp"
#include "platform/core/error.hpp"

namespace CLI {
class App;
}

namespace gridgov {

// Every declared setting: the platform's, then those declare_settings added.
const std::vector<SettingSpec>& setting_specs();
// Adds the features' settings (from their manifests) before any Config is made;
// a key declared twice throws std::logic_error.
void declare_settings(const std::vector<SettingSpec>& specs);
std::string env_name(const std::string& key);   // http.port -> GRIDGOV_HTTP_PORT
std::string flag_name(const std::string& key);  // http.port -> --http-port

class Config {
 public:
  // Defaults only.
  Config();
  // Applies a TOML file; a missing optional file is not an error.
  Status load_file(const std::string& path, bool required);
  // Applies GRIDGOV_* environment variables.
  void load_env();
  void set(const std::string& key, const std::string& value);

  std::string str(const std::string& key) const;
  std::int64_t integer(const std::string& key) const;
  bool boolean(const std::string& key) const;
  // Where each value came from ("default", "file", "env", "flag"), for `config` output.
  const std::string& source(const std::string& key) const;
  const std::map<std::string, std::string>& values() const { return values_; }

  // Validates every value's type and range; a bad setting stops start-up with a message.
  Status validate() const;

 private:
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> sources_;
};

// Adds one --flag per setting to `app`; the flag values land in `flags`.
void add_setting_flags(CLI::App& app, std::map<std::string, std::string>& flags);
// Resolves the whole chain: defaults, file (flag --config or GRIDGOV_CONFIG or
// ./gridgov.toml), environment, then the given flags.
Result<Config> resolve_config(const std::string& config_path,
                              const std::map<std::string, std::string>& flags);

}  // namespace gridgov
