#include <gtest/gtest.h>

#include <soci/soci.h>

#include "platform/auth/accounts.hpp"
#include "platform/auth/passwords.hpp"
#include "platform/auth/sessions.hpp"
#include "platform/http/message.hpp"
#include "platform/tree/tree.hpp"
#include "support/runtime_fixture.hpp"

using namespace gridgov;

namespace {
constexpr const char* kPassword = "GridGov#2026";

class SessionsTest : public gridgov::testing::RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    if (IsSkipped()) return;
    auto hash = passwords::hash(kPassword);
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(db().write([&](WriteTx& tx) -> Status {
                      auto a = accounts::insert(tx, "alice", "Alice", *hash, 0);
                      if (!a) return a.error();
                      account_id_ = a->id;
                      auto g = accounts::add_grant(tx, a->id, "grid_worker", tree::kRootId, 0, 0);
                      return g ? Status() : Status(g.error());
                    })
                    .ok());
    settings_.idle_ms = 30 * 60000;
    settings_.absolute_ms = 12 * 3600000;
    settings_.max_failures = 3;
    settings_.lockout_ms = 15 * 60000;
    settings_.cache_ms = 0;  // always confirm with the database in these tests
    sessions_ = std::make_unique<Sessions>(db(), clock_, settings_);
  }
  http::Request with_token(const std::string& token) {
    http::Request r;
    r.headers.push_back({"Authorization", "Bearer " + token});
    return r;
  }
  ManualClock clock_{1800000000000};
  SessionSettings settings_;
  std::unique_ptr<Sessions> sessions_;
  Id account_id_ = 0;
};
}  // namespace

TEST_F(SessionsTest, LoginGivesAnOpaqueTokenStoredOnlyAsHash) {
  auto r = sessions_->login("alice", kPassword, "127.0.0.1", "test", "req");
  ASSERT_TRUE(r.ok()) << r.error().message_en;
  EXPECT_GE(r->token.size(), 40u);
  EXPECT_EQ(r->principal->grants.size(), 1u);
  int plain = db().read([&](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM sessions WHERE token_hash = :t", soci::use(r->token), soci::into(n);
    return n;
  });
  EXPECT_EQ(plain, 0);  // the token itself is never stored
  auto p = sessions_->authenticate(with_token(r->token));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->account_id, account_id_);
  EXPECT_FALSE(sessions_->authenticate(with_token(r->token + "x")));
}

TEST_F(SessionsTest, CookieIsAcceptedToo) {
  auto r = sessions_->login("alice", kPassword, "127.0.0.1", "test", "req");
  ASSERT_TRUE(r.ok());
  http::Request req;
  req.headers.push_back({"Cookie", "theme=dark; gridgov_session=" + r->token + "; x=y"});
  EXPECT_TRUE(sessions_->authenticate(req));
  std::string cookie = sessions_->cookie_for(r->token, 1000, false);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
}

TEST_F(SessionsTest, IdleExpiry) {
  auto r = sessions_->login("alice", kPassword, "127.0.0.1", "test", "req");
  ASSERT_TRUE(r.ok());
  clock_.advance(20 * 60000);
  EXPECT_TRUE(sessions_->authenticate(with_token(r->token)));  // used: idle clock restarts
  clock_.advance(20 * 60000);
  EXPECT_TRUE(sessions_->authenticate(with_token(r->token)));
  clock_.advance(31 * 60000);
  EXPECT_FALSE(sessions_->authenticate(with_token(r->token)));
}

TEST_F(SessionsTest, AbsoluteExpiryEvenWhenUsed) {
  auto r = sessions_->login("alice", kPassword, "127.0.0.1", "test", "req");
  ASSERT_TRUE(r.ok());
  for (int i = 0; i < 12 * 3; ++i) {  // every 20 minutes for 12 hours
    clock_.advance(20 * 60000);
    if (i < 12 * 3 - 1) {
      ASSERT_TRUE(sessions_->authenticate(with_token(r->token))) << i;
    }
  }
  EXPECT_FALSE(sessions_->authenticate(with_token(r->token)));
}

TEST_F(SessionsTest, LockoutAfterRepeatedFailures) {
  for (int i = 0; i < 2; ++i) {
    auto bad = sessions_->login("alice", "Wrong#Password1", "127.0.0.1", "t", "r");
    EXPECT_EQ(bad.error().kind, ErrorKind::kUnauthenticated);
  }
  auto third = sessions_->login("alice", "Wrong#Password1", "127.0.0.1", "t", "r");
  EXPECT_EQ(third.error().kind, ErrorKind::kLocked);
  // Even the right password is refused while locked.
  EXPECT_EQ(sessions_->login("alice", kPassword, "127.0.0.1", "t", "r").error().kind,
            ErrorKind::kLocked);
  clock_.advance(16 * 60000);
  EXPECT_TRUE(sessions_->login("alice", kPassword, "127.0.0.1", "t", "r").ok());
}

TEST_F(SessionsTest, UnknownUserAndWrongPasswordLookTheSame) {
  auto unknown = sessions_->login("nobody", kPassword, "127.0.0.1", "t", "r");
  auto wrong = sessions_->login("alice", "Wrong#Password1", "127.0.0.1", "t", "r");
  EXPECT_EQ(unknown.error().code, wrong.error().code);
  EXPECT_EQ(unknown.error().message_en, wrong.error().message_en);
}

TEST_F(SessionsTest, LockoutLooksTheSameForNamesThatDoNotExist) {
  // The same failures, answered the same way, whether the account exists or not.
  for (const char* name : {"alice", "nobody.at.all"}) {
    std::vector<std::string> seen;
    for (int i = 0; i < 4; ++i) {
      auto r = sessions_->login(name, "Wrong#Password1", "127.0.0.1", "t", "r");
      ASSERT_FALSE(r.ok());
      seen.push_back(r.error().code + "|" + r.error().message_en);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{
                        "bad_credentials|Wrong username or password",
                        "bad_credentials|Wrong username or password",
                        "account_locked|Too many failed logins; the account is now locked",
                        "account_locked|Too many failed logins; the account is locked for 15 "
                        "more minute(s)"}))
        << name;
  }
  clock_.advance(16 * 60000);
  EXPECT_EQ(sessions_->login("nobody.at.all", kPassword, "127.0.0.1", "t", "r").error().code,
            "bad_credentials");
}

TEST_F(SessionsTest, DisabledAccountLosesItsSessions) {
  auto r = sessions_->login("alice", kPassword, "127.0.0.1", "test", "req");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(db().write([&](WriteTx& tx) -> Status {
                    accounts::set_disabled(tx, account_id_, true, clock_.now_ms());
                    accounts::revoke_sessions_of(tx, account_id_, 0, clock_.now_ms());
                    return {};
                  })
                  .ok());
  sessions_->forget_account(account_id_);
  EXPECT_FALSE(sessions_->authenticate(with_token(r->token)));
  EXPECT_EQ(sessions_->login("alice", kPassword, "127.0.0.1", "t", "r").error().kind,
            ErrorKind::kForbidden);
}

TEST_F(SessionsTest, LoginRateLimitPerAccount) {
  SessionSettings s = settings_;
  s.login_per_account_per_minute = 2;
  s.max_failures = 100;
  Sessions limited(db(), clock_, s);
  EXPECT_EQ(limited.login("alice", "Wrong#Password1", "10.0.0.1", "t", "r").error().kind,
            ErrorKind::kUnauthenticated);
  EXPECT_EQ(limited.login("alice", "Wrong#Password1", "10.0.0.2", "t", "r").error().kind,
            ErrorKind::kUnauthenticated);
  EXPECT_EQ(limited.login("alice", kPassword, "10.0.0.3", "t", "r").error().kind,
            ErrorKind::kTooManyRequests);
}
