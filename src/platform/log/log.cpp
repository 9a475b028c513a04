#include "platform/log/log.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>
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

std::string iso_now() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms));
  return buf;
}
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

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (level < g_min) return;
  boost::json::object o;
  o["ts"] = iso_now();
  o["level"] = level_name(level);
  o["event"] = event;
  for (const auto& f : fields) {
    std::visit([&](const auto& v) { o[f.key] = v; }, f.value);
  }
  std::string line = boost::json::serialize(o);
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
