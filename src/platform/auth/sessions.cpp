#include "platform/auth/sessions.hpp"

#include <soci/soci.h>
#include <sodium.h>
#include <boost/json.hpp>

#include "platform/auth/accounts.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/passwords.hpp"
#include "platform/core/secrets.hpp"
#include "platform/http/message.hpp"

namespace gridgov {

Sessions::Sessions(Database& db, const Clock& clock, SessionSettings settings)
    : db_(db),
      clock_(clock),
      settings_(settings),
      per_ip_(settings.login_per_ip_per_minute / 60.0, settings.login_per_ip_per_minute),
      per_account_(settings.login_per_account_per_minute / 60.0,
                   settings.login_per_account_per_minute) {}

std::string Sessions::hash_token(const std::string& token) {
  return secrets::token_hash(token);
}

std::string Sessions::token_from(const http::Request& req) {
  std::string_view auth = req.header("Authorization");
  if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) {
    return std::string(auth.substr(7));
  }
  std::string_view cookies = req.header("Cookie");
  std::string key = std::string(kSessionCookie) + "=";
  std::size_t pos = 0;
  while (pos < cookies.size()) {
    while (pos < cookies.size() && (cookies[pos] == ' ' || cookies[pos] == ';')) ++pos;
    std::size_t end = cookies.find(';', pos);
    if (end == std::string_view::npos) end = cookies.size();
    std::string_view item = cookies.substr(pos, end - pos);
    if (item.substr(0, key.size()) == key) return std::string(item.substr(key.size()));
    pos = end + 1;
  }
  return {};
}

std::string Sessions::cookie_for(const std::string& token, Millis max_age_ms, bool secure) const {
  std::string c =
      std::string(kSessionCookie) + "=" + token +
      "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_ms / 1000);
  if (secure) c += "; Secure";
  return c;
}

namespace {
constexpr std::size_t kMaxCached = 100000;

Error bad_credentials() {
  return Error::make(ErrorKind::kUnauthenticated, "bad_credentials", "用户名或密码错误",
                     "Wrong username or password");
}
}  // namespace

namespace {
Error locked_for(Millis until, Millis now) {
  Millis minutes = (until - now + 59999) / 60000;
  return Error::make(ErrorKind::kLocked, "account_locked",
                     "登录失败次数过多，账号已锁定，请 " + std::to_string(minutes) + " 分钟后再试",
                     "Too many failed logins; the account is locked for " +
                         std::to_string(minutes) + " more minute(s)");
}
Error locked_now() {
  return Error::make(ErrorKind::kLocked, "account_locked", "登录失败次数过多，账号已锁定",
                     "Too many failed logins; the account is now locked");
}
}  // namespace

Result<LoginResult> Sessions::login(const std::string& username, const std::string& password,
                                    const std::string& ip, const std::string& user_agent,
                                    const std::string& request_id) {
  Millis now = clock_.now_ms();
  if (!per_ip_.allow("ip:" + ip, now) || !per_account_.allow("user:" + username, now)) {
    Error e =
        Error::make(ErrorKind::kTooManyRequests, "too_many_logins", "登录尝试过于频繁，请稍后再试",
                    "Too many login attempts, try again later");
    e.retry_after_s = 60;
    return e;
  }
  auto account = db_.read([&](soci::session& s) { return accounts::by_username(s, username); });
  Actor actor{.username = username, .ip = ip, .request_id = request_id};
  if (!account) {
    passwords::burn();  // same time as a real check: no hint that the name is unknown
    // An unknown name locks like a real one, so lockout tells nobody which names exist.
    Millis locked = 0;
    bool now_locked = false;
    {
      std::lock_guard lock(mutex_);
      if (unknown_names_.size() >= kMaxCached) unknown_names_.clear();
      auto& u = unknown_names_[username];
      if (u.locked_until > now) {
        locked = u.locked_until;
      } else if (++u.failures >= settings_.max_failures) {
        u = {0, now + settings_.lockout_ms};
        now_locked = true;
      }
    }
    if (locked) return locked_for(locked, now);
    if (now_locked) return locked_now();
    return bad_credentials();
  }
  actor.account_id = account->id;
  if (account->locked_until > now) return locked_for(account->locked_until, now);
  auto ok = passwords::verify(account->password_hash, password);
  if (!ok) return ok.error();
  if (!*ok) {
    int failures = account->failed_logins + 1;
    Millis locked = failures >= settings_.max_failures ? now + settings_.lockout_ms : 0;
    (void)db_.write([&](WriteTx& tx) -> Status {
      accounts::record_failure(tx, account->id, locked ? 0 : failures, locked);
      AuditEntry e{"auth.login_failed",
                   "account",
                   std::to_string(account->id),
                   "/1/",
                   "000000",
                   locked ? R"({"locked":true})" : "{}"};
      audit::append(tx, actor, e, now);
      return {};
    });
    if (locked) return locked_now();
    return bad_credentials();
  }
  if (account->disabled) {
    return Error::make(ErrorKind::kForbidden, "account_disabled", "账号已停用，请联系管理员",
                       "The account is disabled; contact your administrator");
  }
  LoginResult result;
  result.token = secrets::random_token();
  std::string hash = hash_token(result.token);
  accounts::SessionRow row{new_id(), hash,      account->id, now, now, now + settings_.absolute_ms,
                           ip,       user_agent};
  Status st = db_.write([&](WriteTx& tx) -> Status {
    accounts::record_success(tx, account->id);
    accounts::insert_session(tx, row);
    audit::append(tx, actor, {"auth.login", "account", std::to_string(account->id), "/1/"}, now);
    return {};
  });
  if (!st) return st.error();
  result.expires_at = row.expires_at;
  Cached c;
  result.principal = load(hash, now, c);
  if (!result.principal) return Error::internal();
  return result;
}

void Sessions::logout(const Principal& who, const std::string& ip, const std::string& request_id) {
  Millis now = clock_.now_ms();
  (void)db_.write([&](WriteTx& tx) -> Status {
    accounts::revoke_session(tx, who.session_id, now);
    audit::append(tx,
                  Actor{.account_id = who.account_id,
                        .username = who.username,
                        .ip = ip,
                        .request_id = request_id},
                  {"auth.logout", "account", std::to_string(who.account_id), "/1/"}, now);
    return {};
  });
  forget_account(who.account_id);
}

std::shared_ptr<const Principal> Sessions::load(const std::string& hash, Millis now, Cached& out) {
  auto loaded = db_.read([&](soci::session& s) -> std::shared_ptr<Principal> {
    auto row = accounts::session_by_hash(s, hash);
    if (!row || row->revoked_at || row->expires_at <= now) return nullptr;
    if (now - row->last_seen_at > settings_.idle_ms) return nullptr;
    auto account = accounts::by_id(s, row->account_id);
    if (!account || account->disabled) return nullptr;
    auto p = std::make_shared<Principal>();
    p->account_id = account->id;
    p->username = account->username;
    p->display_name = account->display_name;
    p->session_id = row->id;
    p->session_expires_at = row->expires_at;
    for (auto& g : accounts::grants_of(s, account->id)) {
      p->grants.push_back({g.id, g.role, g.node_id, g.node_path});
    }
    out.expires_at = row->expires_at;
    out.last_seen = std::max(row->last_seen_at, now);
    out.persisted_seen = row->last_seen_at;
    return p;
  });
  if (!loaded) return nullptr;
  out.principal = loaded;
  out.checked_at = now;
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCached) {
    // Bounded memory: drop sessions that have expired or gone idle, then, if
    // still full, everything (they reload from the database on next use).
    for (auto it = cache_.begin(); it != cache_.end();) {
      bool stale = it->second.expires_at <= now || now - it->second.last_seen > settings_.idle_ms;
      it = stale ? cache_.erase(it) : std::next(it);
    }
    if (cache_.size() >= kMaxCached) cache_.clear();
  }
  cache_[hash] = out;
  return loaded;
}

std::shared_ptr<const Principal> Sessions::authenticate(const http::Request& req) {
  std::string token = token_from(req);
  if (token.empty() || token.size() > 100) return nullptr;
  std::string hash = hash_token(token);
  Millis now = clock_.now_ms();
  Cached c;
  bool found = false;
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(hash);
    if (it != cache_.end()) {
      Cached& e = it->second;
      if (e.expires_at <= now || now - e.last_seen > settings_.idle_ms) {
        cache_.erase(it);
        return nullptr;
      }
      if (now - e.checked_at <= settings_.cache_ms) {
        e.last_seen = now;
        c = e;
        found = true;
      }
    }
  }
  if (!found && !load(hash, now, c)) return nullptr;
  if (now - c.persisted_seen >= settings_.touch_every_ms) {
    // Persist the idle clock now and then, not on every request.
    {
      std::lock_guard lock(mutex_);
      auto it = cache_.find(hash);
      if (it != cache_.end()) it->second.persisted_seen = now;
    }
    Id sid = c.principal->session_id;
    (void)db_.write([&](WriteTx& tx) -> Status {
      accounts::touch_session(tx, sid, now);
      return {};
    });
  }
  return c.principal;
}

void Sessions::forget_account(Id account_id) {
  std::function<void(Id)> listener;
  {
    std::lock_guard lock(mutex_);
    for (auto it = cache_.begin(); it != cache_.end();) {
      it = it->second.principal && it->second.principal->account_id == account_id ? cache_.erase(it)
                                                                                  : std::next(it);
    }
    listener = on_forget_;
  }
  if (listener) listener(account_id);
}

void Sessions::on_forget(std::function<void(Id)> listener) {
  std::lock_guard lock(mutex_);
  on_forget_ = std::move(listener);
}

}  // namespace gridgov
