#include "platform/core/metrics.hpp"

#include <fmt/format.h>
#include <cmath>

namespace gridgov::metrics {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::observe(double v) {
  std::size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micro_.fetch_add(static_cast<std::uint64_t>(std::llround(v * 1e6)),
                       std::memory_order_relaxed);
}

double Histogram::sum() const {
  return sum_micro_.load(std::memory_order_relaxed) / 1e6;
}

std::vector<double> latency_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> size_buckets() {
  return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
}

Counter& Registry::counter(const std::string& name, const std::string& help,
                           const std::string& labels) {
  std::lock_guard lock(mutex_);
  auto& f = families_[name];
  f.type = "counter";
  f.help = help;
  auto& slot = f.counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help,
                       const std::string& labels) {
  std::lock_guard lock(mutex_);
  auto& f = families_[name];
  f.type = "gauge";
  f.help = help;
  auto& slot = f.gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               const std::vector<double>& bounds, const std::string& labels) {
  std::lock_guard lock(mutex_);
  auto& f = families_[name];
  f.type = "histogram";
  f.help = help;
  auto& slot = f.histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(bounds);
  return *slot;
}

namespace {
std::string braces(const std::string& labels, const std::string& extra = {}) {
  std::string inner = labels;
  if (!extra.empty()) inner += (inner.empty() ? "" : ",") + extra;
  return inner.empty() ? std::string() : "{" + inner + "}";
}
}  // namespace

std::string Registry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, f.help, name, f.type);
    for (const auto& [l, c] : f.counters)
      out += fmt::format("{}{} {}\n", name, braces(l), c->value());
    for (const auto& [l, g] : f.gauges)
      out += fmt::format("{}{} {}\n", name, braces(l), g->value());
    for (const auto& [l, h] : f.histograms) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= h->bounds().size(); ++i) {
        cumulative += h->bucket(i);
        std::string le = i < h->bounds().size() ? fmt::format("{}", h->bounds()[i]) : "+Inf";
        out += fmt::format("{}_bucket{} {}\n", name, braces(l, "le=\"" + le + "\""), cumulative);
      }
      out += fmt::format("{}_sum{} {}\n", name, braces(l), h->sum());
      out += fmt::format("{}_count{} {}\n", name, braces(l), h->count());
    }
  }
  return out;
}

Registry& global() {
  static Registry registry;
  return registry;
}

std::string label(const std::string& key, const std::string& value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return key + "=\"" + escaped + "\"";
}

}  // namespace gridgov::metrics
