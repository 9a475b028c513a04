// The gridgov binary's subcommands, run as a person would.
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "api/api_fixture.hpp"
#include "platform/config/config.hpp"
#include "platform/db/database.hpp"
#include "platform/db/pg_url.hpp"
#include "support/db_snapshot.hpp"

using namespace gridgov::testing;

class Cli : public ApiTest {
 protected:
  // What a restored server answers is what the shared one does.
  void expect_same_answers(ServerProcess& restored);
};

TEST_F(Cli, VersionAndHelpDocumentEverySetting) {
  std::string out;
  EXPECT_EQ(run_binary({"version"}, &out), 0);
  EXPECT_NE(out.find("gridgov "), std::string::npos);
  std::string help;
  EXPECT_EQ(run_binary({"serve", "--help"}, &help), 0);
  for (const auto& s : gridgov::setting_specs()) {
    EXPECT_NE(help.find(gridgov::flag_name(s.key)), std::string::npos) << s.key;
    EXPECT_NE(help.find(gridgov::env_name(s.key)), std::string::npos) << s.key;
  }
}

TEST_F(Cli, UserAddListDisablePasswd) {
  std::string out;
  EXPECT_EQ(server_->run({"user", "add", "cli.user", "--name", "命令行", "--role", "grid_worker",
                          "--node", "420102002003001", "--password-stdin"},
                         &out, "Cli#Password1"),
            0)
      << out;
  EXPECT_EQ(anonymous().login("cli.user", "Cli#Password1").status, 200);
  EXPECT_NE(server_->run({"user", "add", "cli.user", "--password", "Cli#Password1"}, &out), 0);
  EXPECT_NE(out.find("username"), std::string::npos);  // says what is wrong
  EXPECT_NE(server_->run({"user", "add", "weakling", "--password", "weak"}, &out), 0);
  server_->run({"user", "list"}, &out);
  EXPECT_NE(out.find("cli.user"), std::string::npos);
  EXPECT_EQ(server_->run({"user", "passwd", "cli.user", "--password", "Cli#Password2"}, &out), 0)
      << out;
  EXPECT_EQ(anonymous().login("cli.user", "Cli#Password2").status, 200);
  EXPECT_EQ(server_->run({"user", "disable", "cli.user"}, &out), 0);
  EXPECT_EQ(anonymous().login("cli.user", "Cli#Password2").status, 403);
}

TEST_F(Cli, MigrateIsIdempotent) {
  std::string out;
  EXPECT_EQ(server_->run({"migrate"}, &out), 0) << out;
  EXPECT_EQ(server_->run({"migrate"}, &out), 0) << out;
  EXPECT_EQ(server_->run({"demo"}, &out), 0) << out;  // demo again changes nothing
  EXPECT_NE(out.find("demo ready: 0 account(s)"), std::string::npos) << out;
  EXPECT_NE(out.find(", 0 new grids"), std::string::npos) << out;
}

TEST_F(Cli, BackupWhileServing) {
  std::string target = temp_dir() + "/copy.db";
  std::string out;
  EXPECT_EQ(server_->run({"backup", target}, &out), 0) << out;
  if (postgres_selected()) {
    EXPECT_NE(out.find("pg_dump"), std::string::npos);
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(target));
  soci::session s(*soci::factory_sqlite3(), "db=" + target);
  int nodes = 0, accounts = 0;
  s << "SELECT COUNT(*) FROM nodes", soci::into(nodes);
  s << "SELECT COUNT(*) FROM accounts", soci::into(accounts);
  EXPECT_GE(nodes, 13);
  EXPECT_GE(accounts, 7);
  EXPECT_NE(server_->run({"backup", target}, &out), 0);  // never overwrites
}

namespace {
// An answer without what is computed from the moment it is read (a case's
// deadline_status ticks from on_time to due_soon on its own).
std::string as_stored(const std::string& body) {
  std::function<void(boost::json::value&)> strip = [&](boost::json::value& v) {
    if (v.is_object()) {
      v.as_object().erase("deadline_status");
      for (auto& [k, child] : v.as_object()) strip(child);
    } else if (v.is_array()) {
      for (auto& child : v.as_array()) strip(child);
    }
  };
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) return body;
  strip(v);
  return boost::json::serialize(v);
}
}  // namespace

void Cli::expect_same_answers(ServerProcess& restored) {
  HttpClient here = as("admin"), there(restored.port());
  ASSERT_EQ(there.login("admin", kDemoPassword).status, 200);
  std::string community = node_id("420102002003");
  for (std::string path :
       {"/api/v1/nodes/" + community, "/api/v1/nodes/" + community + "/children",
        "/api/v1/cases?node_id=" + community + "&limit=50",
        "/api/v1/nodes/" + community + "/measures",
        "/api/v1/nodes/" + community + "/persons?limit=20", std::string("/api/v1/calendar")}) {
    SCOPED_TRACE(path);
    auto x = here.get(path), y = there.get(path);
    EXPECT_EQ(x.status, 200) << x.body;
    EXPECT_EQ(y.status, x.status);
    EXPECT_EQ(as_stored(y.body), as_stored(x.body));
  }
}

// The drill an operator runs: a backup taken while the server serves is the same
// database, table by table, and a server started on it gives the same answers.
TEST_F(Cli, BackupRestoresToTheSameDatabaseAndAnswers) {
  if (postgres_selected()) GTEST_SKIP() << "SQLite's online backup; PostgreSQL uses pg_dump";
  std::string dir = temp_dir(), copy = dir + "/restored.db";
  std::string out;
  ASSERT_EQ(server_->run({"backup", copy}, &out), 0) << out;
  // The shared server is idle between tests: its file now is what the backup copied.
  std::string original = db_->url().substr(std::string("sqlite:").size());
  soci::session a(*soci::factory_sqlite3(), "db=" + original);
  soci::session b(*soci::factory_sqlite3(), "db=" + copy);
  Snapshot before = sqlite_snapshot(a), restored = sqlite_snapshot(b);
  EXPECT_GT(before.at("cases").first, 0);
  EXPECT_TRUE(before == restored) << differences(before, restored);

  // Restored with the database, the key that sealed its personal data (docs/operations.md).
  ServerProcess second("sqlite:" + copy);
  std::filesystem::copy_file(server_->key_file(), second.key_file());
  ASSERT_TRUE(second.start()) << second.log();
  expect_same_answers(second);
  // The restored audit chain verifies as the original does.
  EXPECT_EQ(second.run({"audit", "verify"}, &out), 0) << out;
  EXPECT_EQ(second.terminate(), 0);
}

// The same drill on PostgreSQL, as docs/operations.md has it: pg_dump while the server
// serves, pg_restore into a database of its own, a server started there.
TEST_F(Cli, PgDumpRestoresToTheSameDatabaseAndAnswers) {
  if (!postgres_selected()) GTEST_SKIP() << "PostgreSQL's pg_dump; SQLite has its online backup";
  // The shared server's database: the test server's URL and its schema.
  const std::string& url = db_->url();
  std::string base = url.substr(0, url.find('?'));
  std::string schema =
      url.substr(url.find("search_path%3D") + std::string("search_path%3D").size());
  std::string dir = temp_dir(), dump = dir + "/gridgov.dump";
  std::string bin = std::filesystem::exists("/usr/lib/postgresql/15/bin/pg_dump")
                        ? "/usr/lib/postgresql/15/bin/"
                        : "";
  ASSERT_EQ(std::system((bin + "pg_dump --format=custom --schema=" + schema + " --file='" + dump +
                         "' '" + base + "'")
                            .c_str()),
            0);
  std::string drill_db = "drill_" + schema;
  std::string drill = base.substr(0, base.rfind('/') + 1) + drill_db;
  {
    soci::session admin(*soci::factory_postgresql(), gridgov::pg_conninfo(base).value());
    admin << "CREATE DATABASE " + drill_db;
  }
  ASSERT_EQ(
      std::system((bin + "pg_restore --no-owner --dbname='" + drill + "' '" + dump + "'").c_str()),
      0);
  {
    soci::session a(*soci::factory_postgresql(), gridgov::pg_conninfo(base).value()),
        b(*soci::factory_postgresql(), gridgov::pg_conninfo(drill).value());
    Snapshot before = pg_snapshot(a, schema), restored = pg_snapshot(b, schema);
    EXPECT_GT(before.at("cases").first, 0);
    EXPECT_TRUE(before == restored) << differences(before, restored);
  }
  {
    ServerProcess second(drill + "?options=-csearch_path%3D" + schema);
    std::filesystem::copy_file(server_->key_file(), second.key_file());
    ASSERT_TRUE(second.start()) << second.log();
    expect_same_answers(second);
    std::string out;
    EXPECT_EQ(second.run({"audit", "verify"}, &out), 0) << out;
    EXPECT_EQ(second.terminate(), 0);
  }
  soci::session admin(*soci::factory_postgresql(), gridgov::pg_conninfo(base).value());
  admin << "DROP DATABASE " + drill_db;
}

TEST_F(Cli, EnvironmentOverridesFileAndFlagsOverrideEnvironment) {
  std::string dir = temp_dir();
  std::ofstream(dir + "/g.toml") << "[http]\nport = 9001\nhost = \"127.0.0.5\"\n";
  ::setenv("GRIDGOV_HTTP_HOST", "127.0.0.6", 1);
  std::string out;
  int code = run_binary({"config", "--config", dir + "/g.toml", "--http-port", "9002"}, &out);
  ::unsetenv("GRIDGOV_HTTP_HOST");
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("127.0.0.6"), std::string::npos) << out;
  EXPECT_NE(out.find("9002"), std::string::npos);
  EXPECT_EQ(out.find("9001"), std::string::npos);
}

// `gridgov keys rotate`: a new key, every sealed phone re-sealed under it, still revealed right.
TEST_F(Cli, KeysRotateReSealsEveryPhone) {
  TestDb db;
  auto server = start_demo_server(db);
  ASSERT_TRUE(server);
  HttpClient staff(server->port());
  ASSERT_EQ(staff.login("community", kDemoPassword).status, 200);
  auto community = staff.get("/api/v1/nodes?code=420102002003").items();
  ASSERT_EQ(community.size(), 1u);
  auto created = staff.post(
      "/api/v1/cases",
      R"({"channel":"hotline","kind":"help","category":"public_facilities.street_light","title":"路灯不亮","node_id":")" +
          str(community[0], "id") + R"(","contact_phone":"13655556666"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = str(created.json(), "id");
  ASSERT_EQ(server->terminate(), 0);

  std::string out;
  ASSERT_EQ(server->run({"keys", "rotate"}, &out), 0) << out;
  EXPECT_NE(out.find("new key 2"), std::string::npos) << out;
  // Every case phone (the demo's and this one), counted as it goes.
  auto at = out.rfind("cases.contact_phone: ");
  ASSERT_NE(at, std::string::npos) << out;
  EXPECT_GE(std::atoi(out.c_str() + at + 21), 1) << out;
  EXPECT_NE(out.find("re-sealed"), std::string::npos) << out;

  ASSERT_TRUE(server->start()) << server->log();
  HttpClient after(server->port());
  ASSERT_EQ(after.login("community", kDemoPassword).status, 200);
  auto shown = after.post("/api/v1/cases/" + id + "/contact", R"({"reason":"回访"})");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(str(shown.json(), "contact_phone"), "13655556666");
  // Found by number through the re-computed blind index.
  auto found = after.get("/api/v1/cases?phone=13655556666").items();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(str(found[0], "id"), id);
}

// A ledger imported from the command line: refused whole with a report, then taken whole.
TEST_F(Cli, LedgerImportAllOrNothing) {
  std::string dir = std::filesystem::temp_directory_path() / "gridgov-cli-ledger";
  std::filesystem::create_directories(dir);
  std::string out;
  ASSERT_EQ(server_->run({"ledger", "template", "houses", dir + "/t.xlsx"}, &out), 0) << out;
  EXPECT_GT(std::filesystem::file_size(dir + "/t.xlsx"), 1000u);
  std::ofstream(dir + "/h.csv") << "楼栋编码,房号,房屋用途,房间数\n"
                                   "42010200200300101002,1-101,出租,2\n"
                                   "42010200200300101002,1-102,出借,1\n";
  EXPECT_EQ(server_->run({"ledger", "import", "houses", dir + "/h.csv", "--node", "420102002003",
                          "--report", dir + "/errors.csv"},
                         &out),
            1);
  EXPECT_NE(out.find("rejected"), std::string::npos) << out;
  std::ifstream report(dir + "/errors.csv");
  std::string text((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("房屋用途"), std::string::npos) << text;
  std::ofstream(dir + "/h.csv") << "楼栋编码,房号,房屋用途,房间数\n"
                                   "42010200200300101002,1-101,出租,2\n";
  EXPECT_EQ(
      server_->run({"ledger", "import", "houses", dir + "/h.csv", "--node", "420102002003"}, &out),
      0)
      << out;
  EXPECT_NE(out.find("1 written"), std::string::npos) << out;
  std::filesystem::remove_all(dir);
}

// `gridgov audit verify` passes a whole log and names the row changed behind its back.
TEST_F(Cli, AuditVerifyCatchesATamperedRow) {
  TestDb db;
  ServerProcess cli(db.url());
  std::string out;
  ASSERT_EQ(cli.run({"user", "add", "audit.one", "--password", "Audit#Pass2026"}, &out), 0) << out;
  ASSERT_EQ(cli.run({"user", "add", "audit.two", "--password", "Audit#Pass2026"}, &out), 0) << out;
  EXPECT_EQ(cli.run({"audit", "verify"}, &out), 0) << out;
  EXPECT_NE(out.find("audit log whole"), std::string::npos) << out;
  // Someone with the database's password lifts the guard and edits the first row.
  gridgov::DbOptions opts;
  opts.url = db.url();
  auto raw = gridgov::Database::open(opts);
  ASSERT_TRUE(raw.ok()) << raw.error().message_en;
  long long first = 0;
  gridgov::Status st = (*raw)->write([&](gridgov::WriteTx& tx) -> gridgov::Status {
    tx.sql << "SELECT MIN(id) FROM audit_log", soci::into(first);
    if (tx.backend == gridgov::Backend::kPostgres)
      tx.sql << "DROP TRIGGER audit_no_change ON audit_log";
    else
      tx.sql << "DROP TRIGGER audit_no_update";
    tx.sql << "UPDATE audit_log SET actor_name = 'nobody' WHERE id = :id", soci::use(first);
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message_en;
  (*raw)->stop_writer();
  EXPECT_EQ(cli.run({"audit", "verify"}, &out), 1) << out;
  EXPECT_NE(out.find("id=" + std::to_string(first)), std::string::npos) << out;
}
