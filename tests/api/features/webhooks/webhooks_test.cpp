// Webhooks delivered to a real receiver on loopback: signed, in order per
// case, retried while the receiver is down and delivered when it is back,
// every attempt recorded; registration by key or by an administrator.
#include "api/api_fixture.hpp"
#include "platform/core/secrets.hpp"
#include "platform/http/client.hpp"
#include "support/receiver.hpp"
#include "support/wait.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {
// Conditions asked of an API key's routes: well within its rate (6,000 a minute).
constexpr int kPollMs = 50;
// A list response's items, or none (an error answer while waiting).
json::array items_of(const json::value& v) {
  auto* items = v.is_object() ? v.as_object().if_contains("items") : nullptr;
  return items && items->is_array() ? items->as_array() : json::array();
}
}  // namespace

class Webhooks : public ApiTest {
 protected:
  // A client system at `node_code` and its key.
  std::pair<std::string, std::string> client(const std::string& node_code,
                                             const std::string& name) {
    // The highest rate a key may have: the tests ask of the API while they wait.
    auto made = as("admin").post("/api/v1/api-clients", R"({"name":")" + name + R"(","node_id":")" +
                                                            node_id(node_code) +
                                                            R"(","rate_per_minute":6000})");
    EXPECT_EQ(made.status, 201) << made.body;
    return {str(made.json(), "id"), str(made.json(), "key")};
  }
  HttpResponse with_key(const std::string& key, const std::string& method, const std::string& path,
                        const std::string& body = {}) {
    return anonymous().request(method, path, body,
                               {{"X-Api-Key", key}, {"Content-Type", "application/json"}});
  }
  std::string report(HttpClient& as_resident, const std::string& title) {
    auto [lng, lat] = shape_centre(node_id("420102002003001"));
    char buf[400];
    std::snprintf(
        buf, sizeof buf,
        R"({"kind":"complaint","category":"environment.trash_bin","title":"%s","lng":%.6f,"lat":%.6f})",
        title.c_str(), lng, lat);
    auto r = as_resident.post("/api/v1/cases", buf);
    EXPECT_EQ(r.status, 201) << r.body;
    return str(r.json(), "id");
  }
};

TEST_F(Webhooks, ReceiverDownThenBackGetsEverythingInOrderSigned) {
  auto [client_id, key] = client("420102002003", "一网统管平台");
  // The receiver's port, closed for now: every attempt meets "connection refused".
  int port = free_port();
  auto made =
      with_key(key, "POST", "/api/v1/webhooks",
               R"({"url":"http://127.0.0.1:)" + std::to_string(port) +
                   R"(/hooks/gridgov?x=1","events":["case.created","case.status_changed"]})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string hook = str(made.json(), "id"), secret = str(made.json(), "secret");
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);

  // Another system's receiver is up all along: the one down holds up nothing of it.
  auto [other_id, other_key] = client("420102002003", "区级指挥中心");
  Receiver other;
  ASSERT_TRUE(other.start());
  ASSERT_EQ(with_key(other_key, "POST", "/api/v1/webhooks",
                     R"({"url":"http://127.0.0.1:)" + std::to_string(other.port()) +
                         R"(/in","events":["case.created"]})")
                .status,
            201);

  // The city works while the receiver is down: intake answers as always.
  HttpClient resident = as("resident"), community = as("community");
  std::string a = report(resident, "垃圾满溢 A");
  std::string b = report(resident, "垃圾满溢 B");
  auto step = [&](const std::string& id, const std::string& action, int version,
                  const std::string& extra = "") {
    auto r = community.post(
        "/api/v1/cases/" + id + "/actions",
        R"({"action":")" + action + R"(","version":)" + std::to_string(version) + extra + "}");
    EXPECT_EQ(r.status, 200) << r.body;
  };
  step(a, "accept", 1);
  step(a, "dispatch", 2);
  step(b, "reject", 1, R"(,"note":"重复反映")");

  EXPECT_EQ(other.wait_for(2, 10000).size(), 2u);  // both cases' creation, while the first is down

  // Attempts are made and recorded, and fail.
  json::value pending;
  ASSERT_TRUE(wait_until(
      [&] {
        pending = with_key(key, "GET", "/api/v1/webhooks/" + hook + "/deliveries").json();
        bool tried = false;
        for (const auto& d : items_of(pending)) tried = tried || d.at("attempts").as_int64() >= 2;
        return tried;
      },
      10000, kPollMs))
      << pending;
  auto items = pending.at("items").as_array();
  ASSERT_EQ(items.size(), 5u) << pending;  // a: created, accept, dispatch; b: created, reject
  for (const auto& d : items) EXPECT_EQ(str(d, "state"), "pending") << d;
  std::string first = str(items.back(), "id");  // the oldest
  auto log = with_key(key, "GET", "/api/v1/webhooks/" + hook + "/deliveries/" + first).json();
  ASSERT_GE(log.at("attempts_log").as_array().size(), 2u) << log;
  EXPECT_EQ(log.at("attempts_log").as_array()[0].at("status").as_int64(), 0);
  EXPECT_FALSE(str(log.at("attempts_log").as_array()[0], "error").empty());

  // The receiver comes back on the same port: everything arrives, in order per case.
  Receiver receiver;
  ASSERT_TRUE(receiver.start(port));
  auto got = receiver.wait_for(5, 20000);
  ASSERT_EQ(got.size(), 5u);
  std::map<std::string, std::vector<std::string>> per_case;
  for (const auto& r : got) {
    // Signed: HMAC-SHA256 over "timestamp.body" with the secret shown at registration.
    std::string stamp = r.headers.at("x-gridgov-timestamp");
    EXPECT_EQ(r.headers.at("x-gridgov-signature"),
              "sha256=" + gridgov::secrets::hmac_sha256_hex(secret, stamp + "." + r.body));
    EXPECT_EQ(r.headers.at("content-type"), "application/json; charset=utf-8");
    json::value v = json::parse(r.body);
    EXPECT_EQ(str(v, "event"), r.headers.at("x-gridgov-event"));
    EXPECT_EQ(str(v, "id"), r.headers.at("x-gridgov-delivery"));
    EXPECT_EQ(v.at("data").as_object().count("contact_phone"), 0u);  // no personal data
    per_case[str(v, "subject")].push_back(str(v, "action"));
  }
  EXPECT_EQ(per_case[a], (std::vector<std::string>{"created", "accept", "dispatch"}));
  EXPECT_EQ(per_case[b], (std::vector<std::string>{"created", "reject"}));
  // Recorded as delivered, the failures kept in the log.
  EXPECT_TRUE(wait_until(
      [&] {
        auto left = with_key(key, "GET", "/api/v1/webhooks/" + hook + "/deliveries?state=pending");
        return left.status == 200 && left.items().empty();
      },
      10000, kPollMs));
  auto done =
      with_key(key, "GET", "/api/v1/webhooks/" + hook + "/deliveries?state=delivered").json();
  EXPECT_EQ(done.at("items").as_array().size(), 5u);
  auto after = with_key(key, "GET", "/api/v1/webhooks/" + hook + "/deliveries/" + first).json();
  EXPECT_EQ(str(after, "state"), "delivered");
  EXPECT_EQ(after.at("attempts_log").as_array().back().at("status").as_int64(), 200);
  EXPECT_EQ(after.at("payload").at("subject").as_string(), a);
}

TEST_F(Webhooks, OnlyTheEventsAndPlacesSubscribedReachAReceiver) {
  Receiver near, far;
  ASSERT_TRUE(near.start());
  ASSERT_TRUE(far.start());
  auto [near_id, near_key] = client("420102002003", "社区应用");
  auto [far_id, far_key] = client("420102002004", "隔壁社区应用");
  auto url = [](int port) { return "http://127.0.0.1:" + std::to_string(port) + "/in"; };
  // An administrator registers for a system (the caller's session, the system named).
  auto by_admin = as("admin").post("/api/v1/webhooks", R"({"client_id":")" + near_id +
                                                           R"(","url":")" + url(near.port()) +
                                                           R"(","events":["case.created"]})");
  ASSERT_EQ(by_admin.status, 201) << by_admin.body;
  ASSERT_EQ(with_key(far_key, "POST", "/api/v1/webhooks",
                     R"({"url":")" + url(far.port()) + R"(","events":["case.created"]})")
                .status,
            201);
  HttpClient resident = as("resident"), community = as("community");
  std::string id = report(resident, "垃圾满溢 C");
  community.post("/api/v1/cases/" + id + "/actions", R"({"action":"accept","version":1})");
  auto got = near.wait_for(1, 10000);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(str(json::parse(got[0].body), "event"), "case.created");
  // An event is recorded in the same transaction as the change, and only when some
  // subscription wants it: the accept is nobody's here, so no one is ever sent it.
  auto queued = [&](const std::string& key, const std::string& hook) {
    auto v = with_key(key, "GET", "/api/v1/webhooks/" + hook + "/deliveries").json();
    auto* items = v.is_object() ? v.as_object().if_contains("items") : nullptr;
    return items ? *items : json::value();
  };
  std::string near_hook = str(by_admin.json(), "id");
  std::string far_hook =
      str(with_key(far_key, "GET", "/api/v1/webhooks").json().at("items").as_array().at(0), "id");
  EXPECT_EQ(queued(near_key, near_hook).as_array().size(), 1u);  // not the accept: not subscribed
  EXPECT_EQ(queued(far_key, far_hook).as_array().size(), 0u);    // another community's case
  EXPECT_EQ(near.wait_for(2, 10).size(), 1u);
  EXPECT_EQ(far.wait_for(1, 10).size(), 0u);

  // A ping reaches the receiver; a 500 answer is retried, not lost.
  far.set_status(500);
  EXPECT_EQ(with_key(far_key, "POST", "/api/v1/webhooks/" + far_hook + "/ping").status, 202);
  ASSERT_GE(far.wait_for(2, 10000).size(), 2u);  // tried again after the 500
  far.set_status(204);
  EXPECT_TRUE(wait_until(
      [&] { return str(queued(far_key, far_hook).as_array().at(0), "state") == "delivered"; }));
  auto d = with_key(far_key, "GET", "/api/v1/webhooks/" + far_hook + "/deliveries").json();
  EXPECT_EQ(str(d.at("items").as_array().at(0), "state"), "delivered");
  EXPECT_EQ(d.at("items").as_array().at(0).at("last_status").as_int64(), 204);

  // Removed: nothing more is sent. A second subscription of the same system, kept,
  // shows the sender has been through the next case's deliveries.
  Receiver witness;
  ASSERT_TRUE(witness.start());
  auto kept = with_key(near_key, "POST", "/api/v1/webhooks",
                       R"({"url":")" + url(witness.port()) + R"(","events":["case.created"]})");
  ASSERT_EQ(kept.status, 201) << kept.body;
  EXPECT_EQ(with_key(near_key, "DELETE", "/api/v1/webhooks/" + near_hook).status, 204);
  report(resident, "垃圾满溢 D");
  ASSERT_EQ(witness.wait_for(1, 10000).size(), 1u);
  EXPECT_EQ(near.wait_for(2, 10).size(), 1u);
}

TEST_F(Webhooks, RegistrationIsCheckedAndScoped) {
  auto [id, key] = client("420102002003", "测试系统");
  auto [other_id, other_key] = client("420102002004", "别的系统");
  auto post = [&](const std::string& body) {
    return with_key(key, "POST", "/api/v1/webhooks", body);
  };
  EXPECT_EQ(post(R"({"url":"ftp://x/y","events":["case.created"]})").status, 422);
  EXPECT_EQ(post(R"({"url":"http://u:p@x/y","events":["case.created"]})").status, 422);
  EXPECT_EQ(post(R"({"url":"http://x/y","events":[]})").status, 422);
  auto unknown = post(R"({"url":"http://x/y","events":["case.exploded"]})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(str(unknown.json().at("error"), "field"), "events");
  EXPECT_EQ(post("not json").status, 400);
  // Without a session or a key: 401; a wrong key: 401.
  EXPECT_EQ(
      anonymous().post("/api/v1/webhooks", R"({"url":"http://x/y","events":["ping"]})").status,
      401);
  EXPECT_EQ(with_key("gg_wrong_key_123", "GET", "/api/v1/webhooks").status, 401);
  // Permission before validation: without the right, 403 — never what the body lacks
  // (regression: a grid worker got 422 "缺少必填字段 client_id", a secretary a name error).
  EXPECT_EQ(as("worker").post("/api/v1/webhooks", "{}").status, 403);
  EXPECT_EQ(as("community").post("/api/v1/api-clients", R"({"name":"x"})").status, 403);
  // A system sees and removes only its own; people need apiclient.manage.
  auto mine = post(R"({"url":"http://127.0.0.1:9/y","events":["case.overdue"]})");
  ASSERT_EQ(mine.status, 201);
  std::string hook = str(mine.json(), "id");
  EXPECT_EQ(mine.body.find("whsec_") != std::string::npos, true);
  auto listed = with_key(key, "GET", "/api/v1/webhooks");
  EXPECT_EQ(listed.body.find("whsec_"), std::string::npos);  // the secret is shown once
  EXPECT_EQ(with_key(other_key, "GET", "/api/v1/webhooks/" + hook + "/deliveries").status, 404);
  EXPECT_EQ(with_key(other_key, "DELETE", "/api/v1/webhooks/" + hook).status, 404);
  EXPECT_EQ(as("community")
                .post("/api/v1/webhooks",
                      R"({"client_id":")" + id + R"(","url":"http://x/y","events":["ping"]})")
                .status,
            403);
  // The catalog is public, in both languages.
  auto catalog = anonymous().get("/api/v1/webhooks/events");
  ASSERT_EQ(catalog.status, 200);
  EXPECT_NE(catalog.body.find("case.status_changed"), std::string::npos);
  // Registration, a test delivery and removal are audited, in the chain of the
  // client's district (regression: all but registration went to the country's).
  EXPECT_EQ(with_key(key, "POST", "/api/v1/webhooks/" + hook + "/ping").status, 202);
  EXPECT_EQ(with_key(key, "DELETE", "/api/v1/webhooks/" + hook).status, 204);
  auto audit = as("admin").get("/api/v1/audit?entity_id=" + hook).json();
  ASSERT_EQ(audit.at("items").as_array().size(), 3u) << audit;
  for (const auto& row : audit.at("items").as_array())
    EXPECT_EQ(str(row, "district_code"), "420102") << row;
}

// The sender's connection: one socket for a run of deliveries while the
// receiver keeps it open; a fresh one when the receiver closed it meanwhile.
TEST(OutgoingConnection, ReusesItsSocketAndRecoversWhenTheReceiverClosedIt) {
  Receiver keeping;
  keeping.set_keep_alive(true);
  ASSERT_TRUE(keeping.start());
  std::string url = "http://127.0.0.1:" + std::to_string(keeping.port()) + "/in";
  gridgov::http::Connection c(3000);
  for (int i = 0; i < 3; ++i) {
    auto out =
        c.post(url, R"({"n":)" + std::to_string(i) + "}", {{"Content-Type", "application/json"}});
    EXPECT_EQ(out.status, 200) << out.error;
  }
  EXPECT_EQ(c.connects(), 1);
  EXPECT_EQ(keeping.connections(), 1);
  // The receiver drops the idle socket after a second; the next POST still arrives, once.
  ASSERT_TRUE(wait_until([&] { return keeping.closed() >= 1; }));
  auto late = c.post(url, R"({"n":3})", {});
  EXPECT_EQ(late.status, 200) << late.error;
  EXPECT_EQ(c.connects(), 2);
  auto got = keeping.wait_for(4, 2000);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[3].body, R"({"n":3})");

  // A receiver that closes after each answer: a socket each time, nothing lost.
  Receiver closing;
  ASSERT_TRUE(closing.start());
  std::string other = "http://127.0.0.1:" + std::to_string(closing.port()) + "/in";
  gridgov::http::Connection d(3000);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(d.post(other, "{}", {}).status, 200);
  EXPECT_EQ(d.connects(), 3);
  EXPECT_EQ(closing.wait_for(3, 2000).size(), 3u);
  // Nobody listening: an error, no status, no exception.
  closing.stop();
  auto refused = d.post(other, "{}", {});
  EXPECT_EQ(refused.status, 0);
  EXPECT_FALSE(refused.error.empty());
}
