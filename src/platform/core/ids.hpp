#pragma once
// Time-ordered 64-bit ids: 42 bits of milliseconds since 2024-01-01 UTC,
// 10 bits of generator (process) number, 11 bits of sequence within the ms.
// Ids sort by creation time, fit in a signed BIGINT and go out as strings.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gridgov {

// long long, not int64_t (long on LP64): SOCI binds long long directly.
using Id = long long;

class IdGenerator {
 public:
  explicit IdGenerator(unsigned generator = 0);
  // Thread-safe; never returns the same id twice in this process, even when
  // the wall clock steps back (it then keeps counting from the last id).
  Id next();
  static std::int64_t millis_of(Id id);

 private:
  std::uint64_t generator_;
  std::uint64_t last_ = 0;  // guarded by a spin on atomic below
};

// The process-wide generator.
Id new_id();

std::string id_to_string(Id id);
std::optional<Id> parse_id(std::string_view text);

}  // namespace gridgov
