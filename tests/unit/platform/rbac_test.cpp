#include <gtest/gtest.h>

#include "platform/auth/rbac.hpp"

using namespace gridgov;

namespace {
Authz make_authz() {
  Authz a;
  a.declare({"node.read", "", "", {"grid_worker", "community_staff", "admin"}});
  a.declare({"node.write", "", "", {"community_staff", "admin"}});
  return a;
}
Principal with(std::string role, std::string path) {
  Principal p;
  p.grants.push_back({1, std::move(role), 2, std::move(path)});
  return p;
}
}  // namespace

TEST(PathCovers, PrefixOnWholeSegments) {
  EXPECT_TRUE(path_covers("/1/42/", "/1/42/"));
  EXPECT_TRUE(path_covers("/1/42/", "/1/42/977/"));
  EXPECT_FALSE(path_covers("/1/42/", "/1/420/"));
  EXPECT_FALSE(path_covers("/1/42/977/", "/1/42/"));
  EXPECT_FALSE(path_covers("", "/1/"));
  EXPECT_FALSE(path_covers("/1/42", "/1/42/9/"));  // malformed grant path never matches
}

TEST(Authz, RoleAtNodeCoversSubtreeOnly) {
  Authz a = make_authz();
  Principal worker = with("grid_worker", "/1/5/9/");
  EXPECT_TRUE(a.can(worker, "node.read", "/1/5/9/"));
  EXPECT_TRUE(a.can(worker, "node.read", "/1/5/9/11/"));
  EXPECT_FALSE(a.can(worker, "node.read", "/1/5/"));        // parent
  EXPECT_FALSE(a.can(worker, "node.read", "/1/5/10/"));     // sibling
  EXPECT_FALSE(a.can(worker, "node.write", "/1/5/9/11/"));  // role lacks the action
  EXPECT_FALSE(a.can(worker, "unknown.action", "/1/5/9/"));
}

TEST(Authz, DenyByDefault) {
  Authz a = make_authz();
  Principal nobody;
  EXPECT_FALSE(a.can(nobody, "node.read", "/1/"));
  EXPECT_EQ(a.check(nobody, "node.read", "/1/").error().kind, ErrorKind::kForbidden);
}

TEST(Authz, ScopesAreMinimal) {
  Authz a = make_authz();
  Principal p;
  p.grants = {{1, "grid_worker", 3, "/1/5/9/"},
              {2, "community_staff", 4, "/1/5/"},
              {3, "grid_worker", 5, "/1/7/"}};
  auto s = a.scopes(p, "node.read");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "/1/5/");
  EXPECT_EQ(s[1], "/1/7/");
  EXPECT_EQ(a.scopes(p, "node.write"), std::vector<std::string>{"/1/5/"});
}

TEST(Authz, DeclaringUnknownRoleOrTwiceIsAProgrammingError) {
  Authz a = make_authz();
  EXPECT_THROW(a.declare({"x.y", "", "", {"no_such_role"}}), std::logic_error);
  EXPECT_THROW(a.declare({"node.read", "", "", {"admin"}}), std::logic_error);
}
