// Open311 GeoReport v2 service requests, written from the specification
// (http://wiki.open311.org/GeoReport_v2): POST with an api_key, GET one, GET
// many with every standard filter and the common extensions, tokens — in
// both formats — and each error the specification lists.
#include <algorithm>
#include <cstring>

#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {

std::string encode(const std::string& s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + encode(k) + "=" + encode(v);
  return out;
}

}  // namespace

class Open311Requests : public ApiTest {
 protected:
  // A key for a client system at `node_code` (the whole sample street by default).
  std::string issue_key(const std::string& node_code = "420102002000", int rate = 600) {
    auto made = as("admin").post("/api/v1/api-clients",
                                 R"({"name":"12345 热线平台","node_id":")" + node_id(node_code) +
                                     R"(","rate_per_minute":)" + std::to_string(rate) + "}");
    EXPECT_EQ(made.status, 201) << made.body;
    return str(made.json(), "key");
  }
  HttpResponse post(const std::string& ext,
                    const std::vector<std::pair<std::string, std::string>>& fields) {
    return anonymous().request("POST", "/open311/v2/requests." + ext, form(fields),
                               {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
  // The fields of a request at a point inside 保成社区第1网格.
  std::vector<std::pair<std::string, std::string>> report(const std::string& key,
                                                          const std::string& description) {
    auto [lng, lat] = shape_centre(node_id("420102002003001"));
    lng += 0.000123;  // more digits than the public view keeps
    lat += 0.000123;
    return {{"api_key", key},
            {"service_code", "street_order.illegal_parking"},
            {"lat", std::to_string(lat)},
            {"long", std::to_string(lng)},
            {"description", description},
            {"first_name", "小明"},
            {"last_name", "王"},
            {"phone", "13800001111"},
            {"email", "wang@example.cn"},
            {"device_id", "dev-42"},
            {"account_id", "acct-7"},
            {"media_url", "https://img.example.cn/1.jpg"},
            {"attribute[urgency]", "urgent"}};
  }
  static int status_of(const HttpResponse& r) { return r.status; }
  // The one error the specification's error list holds: its code and description.
  static std::pair<long long, std::string> only_error(const HttpResponse& r) {
    auto list = r.json().as_array();
    EXPECT_EQ(list.size(), 1u) << r.body;
    return {list.at(0).at("code").as_int64(), str(list.at(0), "description")};
  }
  static HttpResponse act(HttpClient& c, const std::string& id, const std::string& action,
                          int& version, const std::string& extra = "") {
    auto r =
        c.post("/api/v1/cases/" + id + "/actions", R"({"action":")" + action + R"(","version":)" +
                                                       std::to_string(version) + extra + "}");
    EXPECT_EQ(r.status, 200) << action << " " << r.body;
    if (r.status == 200) version = static_cast<int>(r.json().at("version").as_int64());
    return r;
  }
};

// What the specification promises a client: post, follow the token, read the
// request, and see it reach "closed" as the city works it.
TEST_F(Open311Requests, PostFollowAndSeeItClosed) {
  std::string key = issue_key();
  auto posted = post("json", report(key, "小区门口长期占道停车\n每天晚上八点以后尤其严重"));
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.header("content-type"), "application/json; charset=utf-8");
  auto made = posted.json().as_array().at(0);
  std::string id = str(made, "service_request_id");
  std::string token = str(made, "token");
  EXPECT_EQ(id.substr(0, 6), "420102");
  EXPECT_EQ(str(made, "account_id"), "acct-7");
  EXPECT_NE(str(made, "service_notice").find(id), std::string::npos);

  // The token leads to the request — in its own city only.
  EXPECT_EQ(anonymous().get("/open311/v2/tokens/" + token + ".json?jurisdiction_id=110100").status,
            404);
  auto t = anonymous().get("/open311/v2/tokens/" + token + ".xml");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_NE(t.body.find("<service_requests><request><service_request_id>" + id +
                        "</service_request_id><token>" + token + "</token></request>"),
            std::string::npos);

  // The key holder reads it in full; anyone else without free text or exact place.
  auto mine = anonymous().get("/open311/v2/requests/" + id + ".json?api_key=" + key);
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto r = mine.json().as_array().at(0);
  EXPECT_EQ(str(r, "status"), "open");
  EXPECT_EQ(str(r, "service_code"), "street_order.illegal_parking");
  EXPECT_EQ(str(r, "service_name"), "机动车乱停放");
  // The description as posted, once (regression: its first line came back twice).
  EXPECT_EQ(str(r, "description"), "小区门口长期占道停车\n每天晚上八点以后尤其严重");
  // Coordinates in plain decimals in both formats (regression: 3.05875E1).
  for (const std::string& body :
       {mine.body, anonymous().get("/open311/v2/requests/" + id + ".xml?api_key=" + key).body}) {
    for (const char* field : {"\"lat\":", "\"long\":", "<lat>", "<long>"}) {
      std::size_t at = body.find(field);
      if (at == std::string::npos) continue;
      std::size_t from = at + std::strlen(field);
      std::size_t end = body.find_first_not_of("0123456789.-+eE", from);
      std::string value = body.substr(from, end - from);
      EXPECT_FALSE(value.empty()) << field;
      EXPECT_EQ(value.find_first_of("eE"), std::string::npos) << field << value;
    }
  }
  EXPECT_EQ(str(r, "media_url"), "https://img.example.cn/1.jpg");
  std::string requested = str(r, "requested_datetime");
  EXPECT_EQ(requested.size(), 25u) << requested;  // 2026-11-22T19:38:46+08:00
  EXPECT_EQ(requested.substr(19), "+08:00");
  for (const char* field :
       {"status_notes", "agency_responsible", "service_notice", "updated_datetime",
        "expected_datetime", "address", "address_id", "zipcode", "lat", "long"})
    EXPECT_TRUE(r.as_object().contains(field)) << field;
  EXPECT_EQ(mine.body.find("13800001111"), std::string::npos);  // contacts never go out
  EXPECT_EQ(mine.body.find("wang@example.cn"), std::string::npos);
  auto theirs = anonymous().get("/open311/v2/requests/" + id + ".json").json().as_array().at(0);
  EXPECT_TRUE(theirs.at("description").is_null());
  EXPECT_TRUE(theirs.at("media_url").is_null());
  EXPECT_NE(str(theirs, "address").find("第1微网格"), std::string::npos) << theirs;
  double lat = r.at("lat").as_double(), public_lat = theirs.at("lat").as_double();
  EXPECT_NE(lat, public_lat);
  EXPECT_NEAR(lat, public_lat, 0.0006);

  // The case is the city's like any other: its desk sees the channel and the urgency.
  HttpClient community = as("community"), worker = as("worker");
  auto found = community.get("/api/v1/cases?code=" + id).json();
  ASSERT_EQ(found.at("items").as_array().size(), 1u) << found;
  auto item = found.at("items").as_array().at(0);
  EXPECT_EQ(str(item, "channel"), "system");
  EXPECT_EQ(str(item, "urgency"), "urgent");
  std::string case_id = str(item, "id");
  int v = 1;
  act(community, case_id, "accept", v);
  act(community, case_id, "dispatch", v);
  act(worker, case_id, "sign", v);
  act(worker, case_id, "handle", v, R"(,"note":"已联系车主挪车，并张贴提示")");
  act(worker, case_id, "verify_pass", v);

  auto open =
      anonymous().get("/open311/v2/requests/" + id + ".json?api_key=" + key + "&extensions=true");
  auto o = open.json().as_array().at(0);
  EXPECT_EQ(str(o, "status"), "open");
  EXPECT_FALSE(o.at("agency_responsible").is_null());
  EXPECT_FALSE(o.at("expected_datetime").is_null());
  act(community, case_id, "close", v);

  auto closed =
      anonymous().get("/open311/v2/requests/" + id + ".xml?api_key=" + key + "&extensions=true");
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(closed.header("content-type"), "text/xml; charset=utf-8");
  EXPECT_NE(closed.body.find("<status>closed</status>"), std::string::npos) << closed.body;
  EXPECT_NE(closed.body.find("已联系车主挪车"), std::string::npos);  // the status notes
  EXPECT_NE(closed.body.find("<extended_attributes><state>closed</state>"), std::string::npos);
  EXPECT_NE(closed.body.find("<notes><note><datetime>"), std::string::npos);
  auto notes = anonymous()
                   .get("/open311/v2/requests/" + id + ".json?extensions=true")
                   .json()
                   .as_array()
                   .at(0)
                   .at("extended_attributes")
                   .at("notes")
                   .as_array();
  ASSERT_EQ(notes.size(), 7u);  // report, accept, dispatch, sign, handle, verify, close
  EXPECT_EQ(str(notes.back(), "type"), "closed");
  EXPECT_FALSE(notes.back().as_object().contains("description"));  // staff notes: key holder only

  // Every change audited with the client as the actor.
  auto audit = as("admin").get("/api/v1/audit?entity_id=" + case_id).json();
  bool by_client = false;
  for (const auto& e : audit.at("items").as_array())
    by_client =
        by_client || (str(e, "action") == "case.report" && str(e, "actor").find("api:") == 0);
  EXPECT_TRUE(by_client) << audit;
}

TEST_F(Open311Requests, FiltersAndPages) {
  std::string key = issue_key();
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto fields = report(key, "井盖松动 " + std::to_string(i));
    fields[1].second = "public_facilities.manhole_cover";
    auto p = post("json", fields);
    ASSERT_EQ(p.status, 200) << p.body;
    ids.push_back(str(p.json().as_array().at(0), "service_request_id"));
  }
  HttpClient c = anonymous();
  // By ids: exactly those, whatever else is asked.
  auto by_id = c.get("/open311/v2/requests.json?service_request_id=" + ids[0] + "," + ids[2] +
                     "&status=closed");
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  std::set<std::string> got;
  json::value listed = by_id.json();
  for (const auto& r : listed.as_array()) got.insert(str(r, "service_request_id"));
  EXPECT_EQ(got, (std::set<std::string>{ids[0], ids[2]}));
  // By service and status: ours are open; none of them closed.
  auto open =
      c.get("/open311/v2/requests.json?service_code=public_facilities.manhole_cover&status=open")
          .json()
          .as_array();
  std::set<std::string> open_ids;
  for (const auto& r : open) {
    EXPECT_EQ(str(r, "service_code"), "public_facilities.manhole_cover");
    EXPECT_EQ(str(r, "status"), "open");
    open_ids.insert(str(r, "service_request_id"));
  }
  for (const auto& id : ids) EXPECT_TRUE(open_ids.count(id)) << id;
  auto closed = c.get(
                     "/open311/v2/requests.json?service_code=public_facilities.manhole_cover&"
                     "status=closed")
                    .json()
                    .as_array();
  for (const auto& r : closed) EXPECT_FALSE(open_ids.count(str(r, "service_request_id")));
  // By dates: a window in the future holds nothing; one around now holds ours.
  auto future = c.get("/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z").json();
  EXPECT_TRUE(future.as_array().empty());
  auto r0 = c.get("/open311/v2/requests/" + ids[0] + ".json").json().as_array().at(0);
  std::string at = str(r0, "requested_datetime");
  auto window = c.get(
                     "/open311/v2/requests.json?service_code=public_facilities.manhole_cover&"
                     "start_date=" +
                     encode(at) + "&end_date=" + encode(at))
                    .json()
                    .as_array();
  ASSERT_FALSE(window.empty());
  for (const auto& r : window) EXPECT_EQ(str(r, "requested_datetime"), at);
  auto updated = c.get("/open311/v2/requests.json?updated_after=" + encode(at) +
                       "&service_code=public_facilities.manhole_cover")
                     .json()
                     .as_array();
  EXPECT_GE(updated.size(), 3u);
  EXPECT_TRUE(
      c.get("/open311/v2/requests.json?updated_before=2000-01-01").json().as_array().empty());
  // Pages: two of one, no overlap, newest first.
  std::string base =
      "/open311/v2/requests.json?service_code=public_facilities.manhole_cover&page_size=1";
  auto p1 = c.get(base + "&page=1").json().as_array();
  auto p2 = c.get(base + "&page=2").json().as_array();
  ASSERT_EQ(p1.size(), 1u);
  ASSERT_EQ(p2.size(), 1u);
  EXPECT_NE(str(p1[0], "service_request_id"), str(p2[0], "service_request_id"));
  EXPECT_GE(str(p1[0], "requested_datetime"), str(p2[0], "requested_datetime"));
  // The same list in XML, one <request> per item.
  auto x = c.get("/open311/v2/requests.xml?service_request_id=" + ids[1]);
  ASSERT_EQ(x.status, 200);
  EXPECT_EQ(x.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests><request>"
                         "<service_request_id>" +
                             ids[1] + "</service_request_id>",
                         0),
            0u)
      << x.body.substr(0, 200);
  // The city by its jurisdiction_id; another city's holds none of ours.
  EXPECT_EQ(c.get("/open311/v2/requests.json?jurisdiction_id=420100&service_request_id=" + ids[0])
                .json()
                .as_array()
                .size(),
            1u);
}

// Each error the specification lists for these methods, in its shape and with its status.
TEST_F(Open311Requests, ErrorsAsTheSpecificationHasThem) {
  std::string key = issue_key();
  auto fields = report(key, "路灯不亮");
  auto without = [&](const std::string& name) {
    auto f = fields;
    std::erase_if(f, [&](const auto& p) { return p.first == name; });
    return f;
  };
  auto with = [&](const std::string& name, const std::string& value) {
    auto f = without(name);
    f.emplace_back(name, value);
    return f;
  };
  auto expect = [&](const HttpResponse& r, int status, const std::string& says) {
    EXPECT_EQ(r.status, status) << r.body;
    auto [code, description] = only_error(r);
    EXPECT_EQ(code, status);
    EXPECT_NE(description.find(says), std::string::npos) << says << " not in: " << description;
  };
  HttpClient en = anonymous();
  en.set_language("en");
  // 403: no key, an unknown key, a revoked key.
  expect(post("json", without("api_key")), 403, "api_key");
  expect(post("json", with("api_key", "gg_not_a_key_at_all")), 403, "api_key");
  // 400: service_code missing or unknown, required place, malformed fields and attributes.
  expect(post("json", without("service_code")), 400, "service_code");
  expect(post("json", with("service_code", "no.such")), 400, "service_code");
  auto no_place = without("lat");
  std::erase_if(no_place, [](const auto& p) { return p.first == "long"; });
  expect(post("json", no_place), 400, "lat/long");
  expect(post("json", with("lat", "north")), 400, "lat/long");
  // NaN and infinities are numbers to strtod, not places (regression: NaN passed).
  expect(post("json", with("lat", "nan")), 400, "lat/long");
  expect(post("json", with("long", "NAN")), 400, "lat/long");
  expect(post("json", with("lat", "inf")), 400, "lat/long");
  expect(post("json", with("phone", "call me")), 400, "phone");
  expect(post("json", with("email", "nobody")), 400, "email");
  expect(post("json", with("media_url", "ftp://x")), 400, "media_url");
  expect(post("json", with("attribute[colour]", "red")), 400, "attribute[colour]");
  expect(post("json", with("attribute[urgency]", "whenever")), 400, "attribute[urgency]");
  expect(post("json", with("description", std::string(4001, 'x'))), 400, "description");
  auto by_building = no_place;
  by_building.emplace_back("address_id", "12345");
  expect(post("json", by_building), 400, "address_id");
  // The message names the client's parameter, not ours behind it (regression: building_id).
  EXPECT_EQ(post("json", by_building).body.find("building_id"), std::string::npos);
  // A point in no mapped grid is outside the key's area: 403, as documented (regression: 400).
  expect(post("json", with("lat", "10.0")), 403, "api_key");
  // A place outside the key's area: the key for one community, a point in another.
  std::string narrow = issue_key("420102002004");
  expect(post("json", with("api_key", narrow)), 403, "服务范围");
  // address_string alone: a wide key places it by the community the address names…
  auto by_address = no_place;
  by_address.emplace_back("address_string", "保成路 18 号");
  expect(post("json", by_address), 400, "address_string");  // names none
  auto named = no_place;
  named.emplace_back("address_string", "武汉市江岸区大智街道保成社区保成路 18 号");
  auto placed = post("json", named);
  ASSERT_EQ(placed.status, 200) << placed.body;
  std::string placed_id(
      json::parse(placed.body).as_array().at(0).at("service_request_id").as_string());
  auto placed_case = as("admin").get("/api/v1/cases?code=" + placed_id).items();
  ASSERT_EQ(placed_case.size(), 1u);
  EXPECT_EQ(str(placed_case[0], "node_id"), node_id("420102002003"));
  for (auto& p : by_address)
    if (p.first == "api_key") p.second = narrow;
  EXPECT_EQ(post("json", by_address).status, 200);  // …which places it in its community
  // 404: a jurisdiction we do not serve; the XML error shape.
  auto j = post("xml", with("jurisdiction_id", "999999"));
  EXPECT_EQ(j.status, 404);
  EXPECT_NE(j.body.find("<errors><error><code>404</code><description>"), std::string::npos);
  // A body that is not a form.
  auto broken = anonymous().request("POST", "/open311/v2/requests.json", "api_key=%zz",
                                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  expect(broken, 400, "form");
  // A multipart body is a malformed request (400), not a missing key (regression: 403).
  auto multipart = anonymous().request(
      "POST", "/open311/v2/requests.json",
      "--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n" + key + "\r\n--b--\r\n",
      {{"Content-Type", "multipart/form-data; boundary=b"}});
  expect(multipart, 400, "x-www-form-urlencoded");
  // GET errors: unknown request and token, bad filters, bad paging, a bad key.
  HttpClient c = anonymous();
  expect(c.get("/open311/v2/requests/42010299999999999.json"), 404, "service_request_id");
  expect(c.get("/open311/v2/tokens/nope.json"), 404, "token");
  expect(c.get("/open311/v2/requests.json?status=pending"), 400, "status");
  expect(c.get("/open311/v2/requests.json?start_date=yesterday"), 400, "start_date");
  expect(c.get("/open311/v2/requests.json?end_date=2026-11-22T10:00:00"), 400, "end_date");
  expect(c.get("/open311/v2/requests.json?page_size=0"), 400, "page_size");
  expect(c.get("/open311/v2/requests.json?page_size=1001"), 400, "page_size");
  expect(c.get("/open311/v2/requests.json?page=x"), 400, "page");
  // A period is at most a year (regression: any range was read).
  expect(c.get("/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z"), 400, "366");
  expect(c.get("/open311/v2/requests.json?updated_after=2020-01-01T00:00:00Z"), 400, "366");
  // Every error in Chinese by default and in English when asked (regression: some were English
  // only).
  for (const char* path :
       {"/open311/v2/requests.json?status=pending",
        "/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z", "/open311/v2/requests/1.json",
        "/open311/v2/services/no.such.json", "/open311/v2/services/street_order.illegal_parking"}) {
    SCOPED_TRACE(path);
    auto [zh_code, zh] = only_error(c.get(path));
    auto [en_code, english] = only_error(en.get(path));
    EXPECT_EQ(zh_code, en_code);
    // Chinese characters are 3 bytes in UTF-8 from 0xE3 on; English has none of them.
    auto chinese = [](const std::string& t) {
      return std::any_of(t.begin(), t.end(),
                         [](char ch) { return static_cast<unsigned char>(ch) >= 0xE3; });
    };
    EXPECT_TRUE(chinese(zh)) << zh;
    EXPECT_FALSE(chinese(english)) << english;
  }
  expect(c.get("/open311/v2/requests.json?api_key=wrong"), 403, "api_key");
  expect(c.get("/open311/v2/requests.json?jurisdiction_id=110100"), 404, "jurisdiction_id");
  EXPECT_EQ(c.get("/open311/v2/requests/" + std::string("42010220261122") + "00001").status, 404);
  // Messages in English when asked.
  auto english = en.request("POST", "/open311/v2/requests.json", form(without("service_code")),
                            {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_NE(only_error(english).second.find("was not provided"), std::string::npos);
  // Revoked keys are refused at once.
  auto clients = as("admin").get("/api/v1/api-clients").json().at("items").as_array();
  std::string client_id = str(clients.back(), "id");
  ASSERT_EQ(as("admin").post("/api/v1/api-clients/" + client_id + "/revoke", "{}").status, 200);
  expect(post("json", with("api_key", narrow)), 403, "api_key");
}

TEST_F(Open311Requests, KeysAreRateLimited) {
  std::string key = issue_key("420102002000", 2);  // two a minute
  auto fields = report(key, "楼道堆物");
  EXPECT_EQ(post("json", fields).status, 200);
  EXPECT_EQ(post("json", fields).status, 200);
  auto third = post("json", fields);
  EXPECT_EQ(third.status, 429) << third.body;
  EXPECT_EQ(third.header("retry-after"), "60");
  EXPECT_EQ(only_error(third).first, 429);
}

// A city may close the public depth: then reading requests takes a key.
TEST_F(Open311Requests, TheCityMayRequireAKeyToRead) {
  TestDb db;
  ASSERT_TRUE(db.available());
  auto closed = start_demo_server(db, {"--open311-public-requests", "false"});
  ASSERT_TRUE(closed);
  HttpClient c(closed->port());
  auto refused = c.get("/open311/v2/requests.json");
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("api_key"), std::string::npos);
  EXPECT_EQ(c.get("/open311/v2/requests/4201022026112200001.xml").status, 403);
  EXPECT_EQ(c.get("/open311/v2/services.json").status, 200);  // the service list stays public
  HttpClient admin(closed->port());
  ASSERT_EQ(admin.login("admin", kDemoPassword).status, 200);
  std::string city =
      str(admin.get("/api/v1/nodes?code=420100000000").json().at("items").at(0), "id");
  auto made = admin.post("/api/v1/api-clients", R"({"name":"热线","node_id":")" + city + R"("})");
  ASSERT_EQ(made.status, 201);
  EXPECT_EQ(c.get("/open311/v2/requests.json?api_key=" + str(made.json(), "key")).status, 200);
}
