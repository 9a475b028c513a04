#include "platform/core/ids.hpp"

#include <atomic>
#include <charconv>
#include <chrono>
#include <mutex>

namespace gridgov {
namespace {
constexpr std::int64_t kEpochMs = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr unsigned kSeqBits = 11;
constexpr unsigned kGenBits = 10;
std::mutex g_mutex;

std::uint64_t now_ms() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() - kEpochMs);
}
}  // namespace

IdGenerator::IdGenerator(unsigned generator) : generator_(generator & ((1u << kGenBits) - 1)) {}

Id IdGenerator::next() {
  std::lock_guard lock(g_mutex);
  std::uint64_t candidate = (now_ms() << (kGenBits + kSeqBits)) | (generator_ << kSeqBits);
  if (candidate <= last_) {
    // Same millisecond (or clock stepped back): take the next sequence number.
    // When the sequence overflows it borrows from the next millisecond.
    candidate = last_ + 1;
  }
  last_ = candidate;
  return static_cast<Id>(candidate);
}

std::int64_t IdGenerator::millis_of(Id id) {
  return (static_cast<std::uint64_t>(id) >> (kGenBits + kSeqBits)) + kEpochMs;
}

Id new_id() {
  static IdGenerator generator(0);
  return generator.next();
}

std::string id_to_string(Id id) {
  return std::to_string(id);
}

std::optional<Id> parse_id(std::string_view text) {
  Id value = 0;
  if (text.empty() || text.size() > 19) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

}  // namespace gridgov
