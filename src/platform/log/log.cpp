#include "platform/log/log.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <chrono>

namespace gridgov::log {
namespace {
std::shared_ptr<spdlog::logger> g_logger;
Level g_min = Level::kInfo;

const char* level_name(Level l) {
  switch (l) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

// "2026-11-22T03:33:52.041Z"; the part up to the second is formatted once per second per thread.
void append_iso_now(std::string& out) {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms_total = duration_cast<milliseconds>(now.time_since_epoch()).count();
  thread_local long long cached_second = -1;
  thread_local char prefix[24];
  long long second = ms_total / 1000;
  if (second != cached_second) {
    std::time_t t = static_cast<std::time_t>(second);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(prefix, sizeof prefix, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_second = second;
  }
  char tail[8];
  std::snprintf(tail, sizeof tail, ".%03dZ", static_cast<int>(ms_total % 1000));
  out += prefix;
  out += tail;
}

// The length of the well-formed UTF-8 sequence at s[i] (1–4), or 0 when the
// bytes there are not one (a stray continuation, an overlong form, a surrogate).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  std::size_t n = c >= 0xC2 && c <= 0xDF   ? 2
                  : c >= 0xE0 && c <= 0xEF ? 3
                  : c >= 0xF0 && c <= 0xF4 ? 4
                                           : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((b(k) & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
  if (c == 0xED && b(1) > 0x9F) return 0;  // surrogates
  if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
  if (c == 0xF4 && b(1) > 0x8F) return 0;  // past U+10FFFF
  return n;
}

// JSON string escaping (RFC 8259): quotes, backslash and control characters;
// bytes that are not UTF-8 (a hostile path) become U+FFFD, so every log line
// stays valid JSON in valid UTF-8.
void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

struct AppendValue {
  std::string& out;
  void operator()(std::string_view v) const { append_json_string(out, v); }
  void operator()(std::int64_t v) const { out += std::to_string(v); }
  void operator()(double v) const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    out += buf;
  }
  void operator()(bool v) const { out += v ? "true" : "false"; }
};
}  // namespace

void init(const std::string& level, const std::string& file) {
  if (level == "debug" || level == "trace")
    g_min = Level::kDebug;
  else if (level == "warn")
    g_min = Level::kWarn;
  else if (level == "error")
    g_min = Level::kError;
  else
    g_min = Level::kInfo;

  spdlog::init_thread_pool(16384, 1);
  spdlog::sink_ptr sink;
  if (file.empty()) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file);
  }
  g_logger = std::make_shared<spdlog::async_logger>("gridgov", sink, spdlog::thread_pool(),
                                                    spdlog::async_overflow_policy::block);
  g_logger->set_pattern("%v");
  g_logger->set_level(spdlog::level::trace);
  g_logger->flush_on(spdlog::level::warn);
}

void flush() {
  if (g_logger) g_logger->flush();
}

void format_line(std::string& line, Level level, std::string_view event,
                 std::initializer_list<Field> fields) {
  line.clear();
  line += "{\"ts\":\"";
  append_iso_now(line);
  line += "\",\"level\":\"";
  line += level_name(level);
  line += "\",\"event\":";
  append_json_string(line, event);
  for (const auto& f : fields) {
    line += ',';
    append_json_string(line, f.key);
    line += ':';
    std::visit(AppendValue{line}, f.value);
  }
  line += '}';
}

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (level < g_min) return;
  thread_local std::string line;
  format_line(line, level, event, fields);
  if (!g_logger) {
    std::fprintf(stderr, "%s\n", line.c_str());
    return;
  }
  g_logger->log(level >= Level::kError  ? spdlog::level::err
                : level == Level::kWarn ? spdlog::level::warn
                                        : spdlog::level::info,
                line);
}

}  // namespace gridgov::log
