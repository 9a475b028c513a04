// The holiday calendar beyond what is shipped: a year without its notice is
// shown to administrators and counted provisionally; the notice imported from a
// sheet (all rows or none) or entered by hand makes the year official.
#include "api/api_fixture.hpp"
#include "features/cases/calendar.hpp"
#include "platform/core/clock.hpp"
#include "support/wait.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {

// A server of its own at a given moment, the demo loaded.
class CalendarApi : public ApiTest {
 protected:
  std::unique_ptr<ServerProcess> at(TestDb& db, const char* moment) {
    return start_demo_server(db, {"--clock-start", moment});
  }
  static HttpClient login(const ServerProcess& s, const char* user) {
    HttpClient c(s.port());
    EXPECT_EQ(c.login(user, kDemoPassword).status, 200) << user;
    return c;
  }
  static HttpResponse import(const HttpClient& c, const std::string& year, const std::string& csv) {
    return c.request("POST", "/api/v1/calendar/import?year=" + year, csv,
                     {{"Content-Type", "text/csv"}});
  }
  static json::array missing(const HttpClient& c) {
    return c.get("/api/v1/calendar/status").json().at("missing_years").as_array();
  }
};

TEST_F(CalendarApi, FromDecemberTheNextYearWithoutItsNoticeIsShownToAdministrators) {
  TestDb db;
  auto server = at(db, "2026-12-05T10:00:00+08:00");
  ASSERT_TRUE(server);
  HttpClient admin = login(*server, "admin"), worker = login(*server, "worker");
  EXPECT_EQ(missing(admin), (json::array{"2027"}));
  auto ready = HttpClient(server->port()).get("/readyz");
  ASSERT_EQ(ready.status, 200);  // a notice is detail, not unreadiness
  ASSERT_EQ(ready.json().at("notices").as_array().size(), 1u) << ready.body;
  EXPECT_EQ(str(ready.json().at("notices").as_array()[0], "code"), "calendar_missing");
  auto mine = admin.get("/api/v1/notices").json().at("items").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(str(mine[0], "link"), "/calendar?year=2027");
  EXPECT_NE(str(mine[0], "message").find("2027"), std::string::npos);
  EXPECT_TRUE(worker.get("/api/v1/notices").json().at("items").as_array().empty());
  // Logged as a warning (once a day while it lasts).
  EXPECT_TRUE(wait_until([&] {
    return server->log().find("calendar_missing") != std::string::npos;
  })) << server->log();
  // The year's days shown as counted now: the fixed-date holidays only.
  auto y = admin.get("/api/v1/calendar?year=2027").json();
  EXPECT_FALSE(y.at("entered").as_bool());
  EXPECT_EQ(y.at("days").as_array().size(), 6u) << y;  // 1 Jan, 1–2 May, 1–3 Oct
}

TEST_F(CalendarApi, TheNoticeImportedAllRowsOrNone) {
  TestDb db;
  auto server = at(db, "2026-12-05T10:00:00+08:00");
  ASSERT_TRUE(server);
  HttpClient admin = login(*server, "admin"), community = login(*server, "community");
  // Permission before anything about the file.
  EXPECT_EQ(import(community, "2027", "nonsense").status, 403);
  // Every problem of every row, nothing written.
  auto bad =
      import(admin, "2027",
             "日期,类型,备注\n2027-01-01,放假,元旦\n2026-12-31,放假,去年\n2027-01-01,放假,重复\n"
             "2027-02-06,休假,春节\n2027-13-01,调休上班,\n");
  ASSERT_EQ(bad.status, 422) << bad.body;
  auto rows = bad.json().at("rows").as_array();
  ASSERT_EQ(rows.size(), 4u) << bad.body;
  EXPECT_EQ(rows[0].at("row").as_int64(), 3);  // not in 2027
  EXPECT_EQ(rows[1].at("row").as_int64(), 4);  // the same date twice
  EXPECT_EQ(str(rows[2], "column"), "类型");
  EXPECT_EQ(rows[3].at("row").as_int64(), 6);
  EXPECT_EQ(missing(admin), (json::array{"2027"}));
  EXPECT_EQ(import(admin, "2027", "when,what\n2027-01-01,holiday\n").status, 422);
  EXPECT_EQ(admin
                .request("POST", "/api/v1/calendar/import?year=2027", "x",
                         {{"Content-Type", "application/pdf"}})
                .status,
            415);
  // The template is the sheet to fill.
  auto tpl = admin.get("/api/v1/calendar/template?format=csv");
  ASSERT_EQ(tpl.status, 200);
  EXPECT_NE(tpl.body.find(R"("日期","类型","备注")"), std::string::npos) << tpl.body;
  // A good sheet: the year becomes official; a weekday it names is off, a Saturday on.
  auto good =
      import(admin, "2027",
             "日期,类型,备注\n2027-01-01,放假,元旦\n2027-02-08,放假,春节\n2027-02-20,调休上班,\n");
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.json().at("imported").as_int64(), 3);
  EXPECT_TRUE(missing(admin).empty());
  auto y = admin.get("/api/v1/calendar?year=2027").json();
  EXPECT_TRUE(y.at("entered").as_bool());
  EXPECT_EQ(y.at("days").as_array().size(), 3u) << y;  // what the notice says, nothing assumed
  EXPECT_TRUE(admin.get("/api/v1/notices").json().at("items").as_array().empty());
  // Taken back by hand: provisional again; audited both ways.
  ASSERT_EQ(admin.request("PUT", "/api/v1/calendar/years/2027", R"({"entered":false})").status,
            200);
  EXPECT_EQ(missing(admin), (json::array{"2027"}));
  EXPECT_EQ(community.request("PUT", "/api/v1/calendar/years/2027", R"({"entered":true})").status,
            403);
  EXPECT_EQ(admin.request("PUT", "/api/v1/calendar/years/27", R"({"entered":true})").status, 422);
  auto audit = admin.get("/api/v1/audit?entity_id=2027").json().at("items").as_array();
  EXPECT_EQ(audit.size(), 2u);
}

TEST_F(CalendarApi, ADeadlineInAYearWithoutItsNoticeSaysItIsProvisional) {
  TestDb db;
  auto server = at(db, "2026-12-31T16:00:00+08:00");  // New Year's Eve, a Thursday
  ASSERT_TRUE(server);
  HttpClient resident = login(*server, "resident"), community = login(*server, "community");
  std::string grid = str(community.get("/api/v1/nodes?code=42010200200300101").items().at(0), "id");
  auto created = resident.post("/api/v1/cases", R"({"kind":"complaint","category":)"
                                                R"("street_order.illegal_parking","title":"跨年",)"
                                                R"("node_id":")" +
                                                    grid + "\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = str(created.json(), "id");
  auto accepted =
      community.post("/api/v1/cases/" + id + "/actions", R"({"action":"accept","version":1})");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  // 7 working days from Thu 31 Dec: 1 Jan (元旦) and the weekend are off even without the
  // notice, so Mon 4 … Fri 8, Mon 11, Tue 12 Jan.
  gridgov::Millis close = accepted.json().at("deadlines").at("close").as_int64();
  EXPECT_EQ(gridgov::cst_date(close), "2027-01-12");
  auto c = community.get("/api/v1/cases/" + id).json();
  EXPECT_EQ(c.at("deadlines").at("provisional_years").as_array(), (json::array{"2027"}));
}

}  // namespace
