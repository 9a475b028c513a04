// Every route the API describes (its own /api/v1/openapi.json), tried as a
// hostile client would: hostile path parameters and query strings, bodies with
// each declared field of the wrong kind, too long, too deep, too big, invalid
// UTF-8 and injection strings — as an administrator and as nobody. No answer
// is a 5xx or a dropped connection, every refusal is in the error shape, and
// the server still answers afterwards. Slow and half-closed clients are cut off
// without holding up anyone else.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <set>

#include "api/api_fixture.hpp"
#include "support/wait.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {

// Values no field expects, in JSON. Each is put where a field's value goes.
const std::vector<std::string>& hostile_values() {
  static const std::vector<std::string> values = [] {
    std::vector<std::string> v = {
        "123456789012345678901234567890",
        "-1",
        "1e308",
        "-0.0",
        "1.5",
        "\"\"",
        "null",
        "true",
        "[]",
        "{}",
        "[null,{},\"\"]",
        "\"" + std::string(70000, 'a') + "\"",
        "\"\xff\xfe\xfd\"",             // invalid UTF-8 inside a string
        "\"\xed\xa0\x80\"",             // an encoded surrogate
        "\"\\ud800\"",                  // a lone surrogate escape
        "\"\\u0000\"",                  // NUL
        "\"'; DROP TABLE cases; --\"",  // injection strings
        "\"%_%\"",
        "\"<script>alert(1)</script>\"",
        "\"../../../../etc/passwd\"",
        "\"2026-02-30T25:61:61+08:00\"",
        "{\"type\":\"Polygon\",\"coordinates\":[[[1e308,-1e308],[0,0]]]}",
    };
    v.push_back(std::string(300, '[') + std::string(300, ']'));  // deep nesting
    return v;
  }();
  return values;
}

// A plausible value of a declared type, so that one hostile field among
// plausible ones reaches the checks past "required field missing".
std::string plausible(const std::string& type) {
  if (type == "integer") return "1";
  if (type == "number") return "114.3";
  if (type == "boolean") return "true";
  if (type == "array") return "[\"1\"]";
  if (type == "object") return "{\"type\":\"Polygon\",\"coordinates\":[]}";
  return "\"1\"";
}

// Whole bodies that are not what any route takes.
const std::vector<std::string>& hostile_bodies() {
  static const std::vector<std::string> bodies = {
      "",
      "null",
      "[]",
      "\"text\"",
      "1e999999",
      "{\"a\":",
      "{\"\xff\":1}",
      std::string(100000, '{'),
      "{\"a\":1,\"a\":2}",
      "name=x&name=y&%ZZ=1",
  };
  return bodies;
}

// Path parameters no route expects: ids that are not ids, too long, encoded
// traversal, invalid UTF-8, NUL, injection.
const std::vector<std::string>& hostile_params() {
  static const std::vector<std::string> params = {"0",
                                                  "-1",
                                                  "99999999999999999999999",
                                                  "abc",
                                                  "%FF%FE",
                                                  "%00",
                                                  "%27%20OR%201%3D1--",
                                                  "..%2F..%2Fetc",
                                                  std::string(5000, '9'),
                                                  "1e9",
                                                  "%E4%B8%AD"};
  return params;
}

// Query strings a list or a lookup never expects.
const std::vector<std::string>& hostile_queries() {
  static const std::vector<std::string> queries = {
      "?limit=-1&offset=-5",
      "?limit=99999999999999999999&offset=1e99",
      "?q=%FF%FE&address=%25&tag=_",
      "?from=9999-99-99&to=0000-00-00&year=-2027",
      "?state=%00&level=%27&format=pdf",
      "?format=xlsx&limit=100000",
      "?format=csv&q=" + std::string(5000, 'x'),
      "?node_id=abc&category=..%2F&cursor=%ZZ",
      "?a=1&a=2&a=3&" + std::string(2000, '&'),
      "?jurisdiction_id=%FF&service_code=%00&start_date=x&end_date=y",
  };
  return queries;
}

struct Route {
  std::string method, path;
  std::vector<std::pair<std::string, std::string>> fields;  // name, type
  std::set<std::string> required;
  std::string content_type;  // of the body, "" when none
};

std::vector<Route> routes_of(const json::value& doc) {
  std::vector<Route> out;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      Route r;
      r.path = std::string(path);
      for (char c : std::string(method)) r.method += static_cast<char>(std::toupper(c));
      if (const auto* body = op.as_object().if_contains("requestBody")) {
        const auto& content = body->at("content").as_object();
        if (!content.empty()) {
          r.content_type = std::string(content.begin()->key());
          const auto& schema = content.begin()->value().as_object().at("schema").as_object();
          if (const auto* props = schema.if_contains("properties"))
            for (const auto& [name, p] : props->as_object()) {
              const auto* type = p.as_object().if_contains("type");
              r.fields.emplace_back(std::string(name),
                                    type ? std::string(type->as_string()) : "object");
            }
          if (const auto* req = schema.if_contains("required"))
            for (const auto& n : req->as_array()) r.required.insert(std::string(n.as_string()));
        }
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

// The path with every {param} replaced by `value`.
std::string filled(const std::string& pattern, const std::string& value) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    out += value;
    i = pattern.find('}', i);
  }
  return out;
}

// The shape every refusal takes: {"error": {"code", "message"}}; Open311's own
// shape on its routes (a JSON list of {code, description}, or XML).
bool error_shaped(const std::string& path, const HttpResponse& r) {
  auto v = r.json();
  if (v.is_object()) {
    const auto* e = v.as_object().if_contains("error");
    return e && e->is_object() && e->as_object().contains("code") &&
           e->as_object().contains("message");
  }
  if (path.starts_with("/open311/")) {
    if (v.is_array() && !v.as_array().empty())
      return v.as_array()[0].is_object() && v.as_array()[0].as_object().contains("description");
    return r.body.find("<errors>") != std::string::npos;
  }
  return false;
}

class HostileRoutes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = std::make_unique<TestDb>();
    if (!db_->available()) return;
    // Every request is tried, not refused for its rate, and the administrator
    // is never locked out by the login route's hostile bodies.
    server_ = start_demo_server(*db_, {"--limits-ip-rps", "0", "--limits-account-rps", "0",
                                       "--auth-max-failures", "100000000"});
  }
  static void TearDownTestSuite() {
    server_.reset();
    db_.reset();
  }
  void SetUp() override {
    ASSERT_TRUE(db_->available()) << "GRIDGOV_TEST_PG_URL is not set";
    ASSERT_TRUE(server_) << "the server did not start";
  }

  HttpClient admin() {
    HttpClient c(server_->port());
    auto r = c.login("admin", kDemoPassword);
    EXPECT_EQ(r.status, 200) << r.body;
    return c;
  }

  // Sends one request and checks the answer; counts what was tried.
  void probe(HttpClient& c, bool signed_in, const std::string& method, const std::string& path,
             const std::string& body, const std::string& content_type) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
    auto r = c.request(method, path, body, headers);
    ++tried_;
    std::string what = method + " " + path.substr(0, 200) + " body " + body.substr(0, 120);
    if (r.status == 0) {
      ADD_FAILURE() << "no answer (dropped or hung): " << what;
      return;
    }
    if (r.status >= 500) {
      ADD_FAILURE() << r.status << " for " << what << "\n" << r.body.substr(0, 300);
      return;
    }
    if (r.status >= 400 && !error_shaped(path, r))
      ADD_FAILURE() << r.status << " not in the error shape for " << what << "\n"
                    << r.body.substr(0, 300);
    // A hostile body that logged the administrator out (or changed what it may do)
    // is not a defect; the rest of the run goes on signed in again.
    if (signed_in && r.status == 401 && c.get("/api/v1/auth/me").status == 401) c = admin();
  }

  static std::unique_ptr<TestDb> db_;
  static std::unique_ptr<ServerProcess> server_;
  int tried_ = 0;
};
std::unique_ptr<TestDb> HostileRoutes::db_;
std::unique_ptr<ServerProcess> HostileRoutes::server_;

TEST_F(HostileRoutes, EveryDescribedRouteRefusesHostileInputInTheErrorShape) {
  HttpClient anon(server_->port());
  auto doc = anon.get("/api/v1/openapi.json").json();
  ASSERT_TRUE(doc.is_object()) << "no API description";
  auto routes = routes_of(doc);
  ASSERT_GT(routes.size(), 80u);  // the whole API, not a part of it
  HttpClient staff = admin();
  // A real place, so that a hostile body reaches the checks behind the lookup.
  auto found = staff.get("/api/v1/nodes?code=420102002003").items();
  ASSERT_EQ(found.size(), 1u);
  std::string city = str(found[0], "id");  // a community of the demo
  int write_routes = 0, with_fields = 0;
  for (const auto& r : routes) {
    // The live stream answers forever by design; logging out ends the run's session.
    if (r.path == "/api/v1/events" || r.path == "/api/v1/auth/logout") continue;
    bool has_params = r.path.find('{') != std::string::npos;
    std::vector<std::string> paths;
    if (has_params) {
      for (const auto& p : hostile_params()) paths.push_back(filled(r.path, p));
      paths.push_back(filled(r.path, city));
    } else {
      paths.push_back(r.path);
    }
    std::string type = r.content_type.empty() ? "application/json" : r.content_type;
    for (auto* c : {&staff, &anon}) {
      bool signed_in = c == &staff;
      // Hostile parameters in the path; then, at a real place, hostile queries or bodies.
      for (const auto& path : paths)
        probe(*c, signed_in, r.method, path, r.method == "GET" ? "" : "{}",
              r.method == "GET" ? "" : type);
      std::string target = has_params ? filled(r.path, city) : r.path;
      if (r.method == "GET") {
        for (const auto& q : hostile_queries()) probe(*c, signed_in, "GET", target + q, "", "");
        continue;
      }
      for (const auto& body : hostile_bodies()) probe(*c, signed_in, r.method, target, body, type);
      ++write_routes;
      if (r.fields.empty() || type != "application/json") continue;
      ++with_fields;
      // One field hostile at a time, the others plausible.
      for (const auto& [name, field_type] : r.fields) {
        for (const auto& bad : hostile_values()) {
          std::string body = "{";
          for (const auto& [other, other_type] : r.fields) {
            if (body.size() > 1) body += ",";
            body += "\"" + other + "\":" + (other == name ? bad : plausible(other_type));
          }
          probe(*c, signed_in, r.method, target, body + "}", type);
        }
      }
    }
  }
  EXPECT_GT(write_routes, 40);
  EXPECT_GT(with_fields, 30);
  EXPECT_GT(tried_, 5000);
  // Still serving, and saying so.
  EXPECT_EQ(anon.get("/healthz").status, 200);
  EXPECT_EQ(admin().get("/api/v1/auth/me").status, 200);
  std::cout << "[ hostile  ] " << tried_ << " requests over " << routes.size() << " routes\n";
}

// Connects, sends `bytes`, closes its own sending side, and says whether the
// server closed the connection before `wait_ms` passed.
bool closed_after_half_close(int port, const std::string& bytes, int wait_ms) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    if (fd >= 0) ::close(fd);
    return false;
  }
  (void)!::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
  bool closed = wait_until(
      [&] {
        char buf[4096];
        ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
      },
      wait_ms, 20);
  ::close(fd);
  return closed;
}

TEST_F(HostileRoutes, SlowAndHalfClosedClientsHoldUpNobody) {
  // Clients that send half a header, or a header and half the body they announce, then
  // stop (the server's read timeouts end them) …
  std::vector<int> fds;
  for (int i = 0; i < 60; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(server_->port()));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    std::string part = i % 2 ? "GET /api/v1/version HTTP/1.1\r\nHost: x\r\nX-Slow"
                             : "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                               "Content-Type: application/json\r\nContent-Length: 900\r\n\r\n{\"u";
    (void)!::send(fd, part.data(), part.size(), MSG_NOSIGNAL);
    fds.push_back(fd);
  }
  // … hold up nobody: others are answered while they wait.
  HttpClient anon(server_->port());
  for (int i = 0; i < 20; ++i) EXPECT_EQ(anon.get("/api/v1/version").status, 200);
  for (int fd : fds) ::close(fd);
  // A client that stops sending mid-request (half-closed) is answered or dropped, never kept:
  // a request cut short of its body, a header cut short, a whole request then the half close.
  int port = server_->port();
  EXPECT_TRUE(closed_after_half_close(
      port,
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"username\":",
      15000));
  EXPECT_TRUE(closed_after_half_close(port, "GET /api/v1/version HTTP/1.1\r\nHo", 15000));
  EXPECT_TRUE(
      closed_after_half_close(port, "GET /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n", 15000));
  EXPECT_EQ(anon.get("/healthz").status, 200);
}

}  // namespace
