#pragma once
// Login sessions: opaque random tokens (32 bytes, base64url) of which only a
// BLAKE2b hash is stored; absolute and idle expiry; lockout after repeated
// failures; login rate limits per IP and per account. Authenticated
// principals are cached in memory for a few seconds so a read does not cost a
// database round trip; logout, disable, password change and grant changes
// drop the cache entries of that account at once.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "platform/auth/principal.hpp"
#include "platform/auth/rate_limit.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"

namespace gridgov {
namespace http {
struct Request;
}

struct SessionSettings {
  Millis idle_ms = 30 * 60 * 1000;
  Millis absolute_ms = 12 * 3600 * 1000;
  int max_failures = 5;
  Millis lockout_ms = 15 * 60 * 1000;
  double login_per_ip_per_minute = 30;
  double login_per_account_per_minute = 10;
  Millis cache_ms = 5000;         // how long a cached principal is trusted
  Millis touch_every_ms = 60000;  // how often last_seen_at is written
};

struct LoginResult {
  std::string token;
  Millis expires_at = 0;
  std::shared_ptr<const Principal> principal;
};

constexpr const char* kSessionCookie = "gridgov_session";

class Sessions {
 public:
  Sessions(Database& db, const Clock& clock, SessionSettings settings);

  // Checks the password and opens a session. Outcomes: the session;
  // kUnauthenticated for a wrong username or password (one message for
  // both); kLocked while locked out; kForbidden for a disabled account;
  // kTooManyRequests past the login rate limits.
  Result<LoginResult> login(const std::string& username, const std::string& password,
                            const std::string& ip, const std::string& user_agent,
                            const std::string& request_id);
  void logout(const Principal& who, const std::string& ip, const std::string& request_id);

  // The caller's principal from "Authorization: Bearer" or the session
  // cookie, or null when absent, unknown, expired or revoked. May read the DB.
  std::shared_ptr<const Principal> authenticate(const http::Request& req);
  // Drops every cached session of the account (after a change to it) and tells
  // the listener, which ends the account's live streams.
  void forget_account(Id account_id);
  void on_forget(std::function<void(Id)> listener);

  static std::string token_from(const http::Request& req);
  static std::string hash_token(const std::string& token);
  std::string cookie_for(const std::string& token, Millis max_age_ms, bool secure) const;

  const SessionSettings& settings() const { return settings_; }

 private:
  struct Cached {
    std::shared_ptr<const Principal> principal;
    Millis checked_at = 0;  // when the DB last confirmed it
    Millis last_seen = 0;   // last use (idle expiry)
    Millis persisted_seen = 0;
    Millis expires_at = 0;
  };
  std::shared_ptr<const Principal> load(const std::string& hash, Millis now, Cached& out);

  Database& db_;
  const Clock& clock_;
  SessionSettings settings_;
  RateLimiter per_ip_;
  RateLimiter per_account_;
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;
  std::function<void(Id)> on_forget_;
  // Failed logins under names that do not exist, counted like real ones.
  struct UnknownName {
    int failures = 0;
    Millis locked_until = 0;
  };
  std::unordered_map<std::string, UnknownName> unknown_names_;
};

}  // namespace gridgov
