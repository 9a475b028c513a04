#include "platform/auth/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace gridgov {

RateLimiter::Bucket& RateLimiter::refill(Shard& s, const std::string& key, Millis now) {
  // Forget idle keys now and then so the table cannot grow without bound.
  if (s.buckets.size() > 100000) {
    for (auto it = s.buckets.begin(); it != s.buckets.end();) {
      it = (now - it->second.at > 600000) ? s.buckets.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = s.buckets.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh && now > b.at) {
    b.tokens = std::min(burst_, b.tokens + (now - b.at) / 1000.0 * rate_);
    b.at = now;
  }
  return b;
}

bool RateLimiter::allow(const std::string& key, Millis now) {
  if (rate_ <= 0) return true;
  Shard& s = shards_[std::hash<std::string>{}(key) % shards_.size()];
  std::lock_guard lock(s.mutex);
  Bucket& b = refill(s, key, now);
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

int RateLimiter::retry_after(const std::string& key, Millis now) {
  if (rate_ <= 0) return 0;
  Shard& s = shards_[std::hash<std::string>{}(key) % shards_.size()];
  std::lock_guard lock(s.mutex);
  Bucket& b = refill(s, key, now);
  return b.tokens >= 1.0 ? 0 : static_cast<int>(std::ceil((1.0 - b.tokens) / rate_));
}

}  // namespace gridgov
