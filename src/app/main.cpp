// gridgov: one binary — serve, migrate, demo, user, backup, audit, version, config.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/commands.hpp"
#include "platform/log/log.hpp"
#include "platform/version.hpp"

using namespace gridgov;

namespace {
int fail(const Error& e) {
  std::cerr << "错误: " << e.message_zh << "\nerror: " << e.message_en << "\n";
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  declare_feature_settings();  // before the flags are made from the settings
  CLI::App app{"GridGov — 超大城市基层治理平台 grassroots governance platform"};
  app.require_subcommand(1);
  std::string config_path;
  std::map<std::string, std::string> flags;

  // Every subcommand that touches the database accepts every setting.
  auto with_settings = [&](CLI::App* sub) {
    sub->add_option("--config", config_path,
                    "TOML config file (default ./gridgov.toml; env GRIDGOV_CONFIG)");
    add_setting_flags(*sub, flags);
    return sub;
  };
  auto* serve = with_settings(app.add_subcommand("serve", "Serve the API and web app  启动服务"));
  auto* migrate =
      with_settings(app.add_subcommand("migrate", "Apply database migrations  升级数据库结构"));
  DemoOptions demo_opts;
  auto* demo = with_settings(app.add_subcommand("demo", "Load the demo city  载入演示数据"));
  demo->add_option("--city", demo_opts.city, "City code (4 digits)")->capture_default_str();
  demo->add_option("--scale", demo_opts.scale, "small|medium|large")
      ->check(CLI::IsMember({"small", "medium", "large"}))
      ->capture_default_str();
  std::string backup_file;
  auto* backup =
      with_settings(app.add_subcommand("backup", "Consistent copy of the database  备份数据库"));
  backup->add_option("FILE", backup_file, "Target file")->required();
  auto* version = app.add_subcommand("version", "Print the version  版本");
  auto* import = app.add_subcommand("import", "Import reference data  导入基础数据");
  import->require_subcommand(1);
  auto* import_divisions = with_settings(
      import->add_subcommand("divisions", "China's administrative divisions  行政区划"));
  std::string division_province, division_city;
  bool division_all = false;
  auto* opt_province =
      import_divisions->add_option("--province", division_province, "Province code, e.g. 42");
  auto* opt_city = import_divisions->add_option("--city", division_city, "City code, e.g. 4201");
  auto* opt_all =
      import_divisions->add_flag("--all", division_all, "The whole country (~660,000 nodes)");
  opt_province->excludes(opt_city)->excludes(opt_all);
  opt_city->excludes(opt_all);
  import_divisions->callback([&] {
    if (division_province.empty() && division_city.empty() && !division_all) {
      throw CLI::RequiredError("--province, --city or --all");
    }
  });
  auto* show_config =
      with_settings(app.add_subcommand("config", "Print the effective settings  查看配置"));
  bool settings_table = false;
  show_config->add_flag("--markdown", settings_table,
                        "Every setting with its default, as docs/settings.md lists them");

  auto* user = app.add_subcommand("user", "Manage accounts  账号管理");
  user->require_subcommand(1);
  UserArgs ua;
  auto* user_add = with_settings(user->add_subcommand("add", "Create an account  新建账号"));
  user_add->add_option("USERNAME", ua.username)->required();
  user_add->add_option("--name", ua.display_name, "Display name  姓名");
  user_add->add_option("--role", ua.role, "Role held at --node  角色");
  user_add->add_option("--node", ua.node, "Node id or code (default: the root)  节点");
  user_add->add_option("--password", ua.password, "Password (prefer --password-stdin)");
  user_add->add_flag("--password-stdin", ua.password_stdin,
                     "Read the password from standard input");
  auto* user_passwd = with_settings(user->add_subcommand("passwd", "Set a password  重置密码"));
  user_passwd->add_option("USERNAME", ua.username)->required();
  user_passwd->add_option("--password", ua.password, "New password");
  user_passwd->add_flag("--password-stdin", ua.password_stdin,
                        "Read the password from standard input");
  auto* user_disable =
      with_settings(user->add_subcommand("disable", "Disable an account  停用账号"));
  user_disable->add_option("USERNAME", ua.username)->required();
  auto* user_enable = with_settings(user->add_subcommand("enable", "Enable an account  启用账号"));
  user_enable->add_option("USERNAME", ua.username)->required();
  auto* user_list = with_settings(user->add_subcommand("list", "List accounts  账号列表"));

  auto* keys = app.add_subcommand("keys", "Personal-data keys  个人信息密钥");
  keys->require_subcommand(1);
  auto* keys_rotate = with_settings(keys->add_subcommand(
      "rotate", "Add a key and re-seal every sealed value with it  轮换密钥并重新加密"));

  auto* audit = app.add_subcommand("audit", "The audit log  审计日志");
  audit->require_subcommand(1);
  auto* audit_verify = with_settings(audit->add_subcommand(
      "verify", "Check every district's hash chain; name the first broken row  校验审计日志"));

  auto* ledger = app.add_subcommand("ledger", "Excel/CSV ledgers  台账导入");
  ledger->require_subcommand(1);
  LedgerArgs la;
  auto* ledger_import = with_settings(ledger->add_subcommand(
      "import", "Import a ledger: every row or none  导入台账（全部成功或全部不导入）"));
  ledger_import->add_option("KIND", la.kind, "buildings | houses | residents")
      ->required()
      ->check(CLI::IsMember({"buildings", "houses", "residents"}));
  ledger_import->add_option("FILE", la.file, ".xlsx or .csv")->required();
  ledger_import->add_option("--node", la.node,
                            "Code of the node the rows lie under (default: all)");
  ledger_import->add_option("--report", la.report, "Write the error report here (.xlsx or .csv)");
  std::string template_kind, template_file;
  auto* ledger_template =
      with_settings(ledger->add_subcommand("template", "Write a ledger's template  生成台账模板"));
  ledger_template->add_option("KIND", template_kind, "buildings | houses | residents")->required();
  ledger_template->add_option("FILE", template_file, ".xlsx or .csv")->required();

  CLI11_PARSE(app, argc, argv);

  if (version->parsed()) {
    std::cout << "gridgov " << kVersion << "\n";
    return 0;
  }
  auto config = resolve_config(config_path, flags);
  if (!config) return fail(config.error());
  log::init(config->str("log.level"), config->str("log.file"));

  if (show_config->parsed() && settings_table) {
    std::printf("| key | default | meaning |\n|---|---|---|\n");
    for (const auto& spec : setting_specs())
      std::printf("| `%s` | `%s` | %s |\n", spec.key.c_str(), spec.fallback.c_str(),
                  spec.help.c_str());
    return 0;
  }
  if (show_config->parsed()) {
    for (const auto& [k, v] : config->values()) {
      std::printf("%-32s = %-28s (%s)\n", k.c_str(), v.c_str(), config->source(k).c_str());
    }
    return 0;
  }
  if (backup->parsed()) return cmd_backup(*config, backup_file);
  if (ledger_template->parsed()) return cmd_ledger_template(template_kind, template_file);

  auto rt = open_runtime(*config);
  if (!rt) return fail(rt.error());
  Runtime& r = **rt;
  int code = 0;
  if (serve->parsed())
    code = gridgov::serve(r);
  else if (migrate->parsed())
    std::cout << "数据库结构已是最新 schema up to date\n";
  else if (demo->parsed())
    code = cmd_demo(r, demo_opts);
  else if (import_divisions->parsed())
    code = cmd_import_divisions(r, division_all            ? ""
                                   : division_city.empty() ? division_province
                                                           : division_city);
  else if (user_add->parsed())
    code = cmd_user_add(r, ua);
  else if (user_passwd->parsed())
    code = cmd_user_passwd(r, ua);
  else if (user_disable->parsed())
    code = cmd_user_disable(r, ua.username, true);
  else if (user_enable->parsed())
    code = cmd_user_disable(r, ua.username, false);
  else if (user_list->parsed())
    code = cmd_user_list(r);
  else if (keys_rotate->parsed())
    code = cmd_keys_rotate(r);
  else if (ledger_import->parsed())
    code = cmd_ledger_import(r, la);
  else if (audit_verify->parsed())
    code = cmd_audit_verify(r);
  r.db->stop_writer();
  log::flush();
  return code;
}
