#pragma once
// Token buckets by key (an IP, an account), in memory. Thread-safe.
#include <array>
#include <mutex>
#include <string>
#include <unordered_map>

#include "platform/core/clock.hpp"

namespace gridgov {

class RateLimiter {
 public:
  // `per_second` tokens refill each second up to `burst`. A rate of 0 allows all.
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  // Takes a token for `key` if one is there.
  bool allow(const std::string& key, Millis now);
  // Seconds until `key` has a token again (for Retry-After).
  int retry_after(const std::string& key, Millis now);

 private:
  struct Bucket {
    double tokens;
    Millis at;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
  };
  Bucket& refill(Shard& s, const std::string& key, Millis now);
  double rate_, burst_;
  std::array<Shard, 16> shards_;
};

}  // namespace gridgov
