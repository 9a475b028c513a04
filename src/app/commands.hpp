#pragma once
// Subcommands other than serve. Each returns the process exit code and
// prints what it did (Chinese first, then English).
#include <string>

#include "app/runtime.hpp"

namespace gridgov {

struct UserArgs {
  std::string username;
  std::string display_name;
  std::string role;
  std::string node;  // node id or code
  std::string password;
  bool password_stdin = false;
};

struct LedgerArgs {
  std::string kind;  // buildings | houses | residents
  std::string file;  // .xlsx or .csv
  std::string node;  // node code ("" = the root)
  std::string report;
};

int cmd_user_add(Runtime& rt, UserArgs args);
int cmd_user_passwd(Runtime& rt, UserArgs args);
int cmd_user_disable(Runtime& rt, const std::string& username, bool disabled);
int cmd_user_list(Runtime& rt);
int cmd_demo(Runtime& rt, const DemoOptions& options);
// prefix: "" (--all), 2 digits (--province) or 4 (--city).
int cmd_import_divisions(Runtime& rt, const std::string& prefix);
int cmd_backup(const Config& config, const std::string& file);
// A new personal-data key; every sealed value re-sealed under it.
int cmd_keys_rotate(Runtime& rt);
// Imports a ledger file (all rows or none), printing progress; 1 when rejected.
int cmd_ledger_import(Runtime& rt, const LedgerArgs& args);
int cmd_ledger_template(const std::string& kind, const std::string& file);
// Walks the audit log's hash chains: 0 when whole, 1 naming the first broken row.
int cmd_audit_verify(Runtime& rt);

}  // namespace gridgov
