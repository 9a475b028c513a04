// Case photos: type and size checks, who may add them at which stage, the
// anonymous reporter's token, and reading them back only with the case.
#include "api/api_fixture.hpp"

using namespace gridgov::testing;
namespace json = boost::json;

namespace {
// The smallest thing that starts like a PNG / JPEG (the server checks magic bytes, not pixels).
const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(200, '\x01');
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(300, '\x02');
}  // namespace

class CasePhotos : public ApiTest {
 protected:
  HttpResponse upload(const HttpClient& c, const std::string& case_id, const std::string& stage,
                      const std::string& type, const std::string& bytes,
                      const std::string& token = "") {
    return c.request("POST",
                     "/api/v1/cases/" + case_id + "/photos?stage=" + stage +
                         (token.empty() ? "" : "&token=" + token),
                     bytes, {{"Content-Type", type}});
  }
  json::value anonymous_report() {
    HttpClient anon = anonymous();
    auto r = anon.post("/api/v1/cases",
                       R"({"kind":"complaint","category":"city_appearance.exposed_garbage",)"
                       R"("title":"垃圾堆放","description":"楼下垃圾三天没人清","node_id":")" +
                           node_id("420102002003") + R"(","contact_phone":"13912345678"})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
};

TEST_F(CasePhotos, AnonymousReporterAddsPhotosWithTheToken) {
  json::value created = anonymous_report();
  std::string id = str(created, "id");
  ASSERT_TRUE(created.as_object().contains("photo_upload"));
  std::string token = str(created.at("photo_upload"), "token");
  HttpClient anon = anonymous();
  auto ok = upload(anon, id, "report", "image/png", kPng, token);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json().at("bytes").as_int64(), static_cast<long long>(kPng.size()));
  EXPECT_EQ(str(ok.json(), "sha256").size(), 64u);
  EXPECT_EQ(upload(anon, id, "report", "image/png", kPng, "wrong").status, 401);
  EXPECT_EQ(upload(anon, id, "report", "image/png", kPng).status, 401);
  EXPECT_EQ(upload(anon, id, "handle", "image/png", kPng, token).status, 401);  // report only

  // Staff who read the case see it listed and can fetch the bytes; the type is kept.
  HttpClient community = as("community");
  auto detail = community.get("/api/v1/cases/" + id);
  json::value d = detail.json();
  ASSERT_EQ(d.at("photos").as_array().size(), 1u);
  std::string url = str(d.at("photos").as_array()[0], "url");
  auto image = community.get(url);
  ASSERT_EQ(image.status, 200);
  EXPECT_EQ(image.body, kPng);
  EXPECT_EQ(image.header("content-type"), "image/png");
  EXPECT_EQ(image.header("x-content-type-options"), "nosniff");
  // Someone outside the case's place cannot, and neither can nobody.
  HttpClient outsider = as("admin");
  EXPECT_EQ(anonymous().get(url).status, 401);
  auto other = outsider.post(
      "/api/v1/accounts", R"({"username":"photo-outsider","display_name":"外社区","password":")" +
                              std::string(kDemoPassword) +
                              R"(","role":"community_secretary","node_id":")" +
                              node_id("420102002004") + R"("})");
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_EQ(as("photo-outsider").get(url).status, 404);
}

TEST_F(CasePhotos, TypesSizesAndStagesAreChecked) {
  json::value created = anonymous_report();
  std::string id = str(created, "id");
  HttpClient community = as("community"), resident = as("resident");
  EXPECT_EQ(upload(community, id, "report", "image/gif", "GIF89a....").status, 415);
  EXPECT_EQ(upload(community, id, "report", "image/png", kJpeg).status, 422);  // lies about type
  EXPECT_EQ(upload(community, id, "report", "image/jpeg", "").status, 422);
  EXPECT_EQ(upload(community, id, "sideways", "image/jpeg", kJpeg).status, 422);
  // Larger than the upload limit (10 MiB): refused before the body is read.
  std::string huge = kJpeg + std::string(10 * 1024 * 1024, '\0');
  EXPECT_EQ(upload(community, id, "report", "image/jpeg", huge).status, 413);
  // A resident who did not report it sees nothing; the community may add report photos,
  // but the handling photo belongs to the assignee, once dispatched.
  EXPECT_EQ(upload(resident, id, "report", "image/jpeg", kJpeg).status, 404);
  EXPECT_EQ(upload(community, id, "report", "image/jpeg", kJpeg).status, 201);
  EXPECT_EQ(upload(community, id, "handle", "image/jpeg", kJpeg).status, 403);
  auto history = community.get("/api/v1/cases/" + id).json();
  int photo_rows = 0;
  for (const auto& h : history.at("history").as_array()) photo_rows += str(h, "action") == "photo";
  EXPECT_EQ(photo_rows, 1);
}

// The reporter's phone: masked everywhere, found by exact number, revealed only to staff
// acting on the case, with a reason, into the audit log.
TEST_F(CasePhotos, ContactPhonesAreSealedMaskedAndRevealedWithAReason) {
  json::value created = anonymous_report();  // 13912345678
  std::string id = str(created, "id");
  HttpClient community = as("community");
  auto detail = community.get("/api/v1/cases/" + id).json();
  EXPECT_EQ(str(detail, "contact_phone"), "139****5678");

  auto found = community.get("/api/v1/cases?phone=13912345678&limit=500");
  ASSERT_EQ(found.status, 200) << found.body;
  json::value f = found.json();
  bool listed = false;
  for (const auto& c : f.at("items").as_array()) {
    listed = listed || str(c, "id") == id;
    EXPECT_EQ(str(c, "contact_phone"), "139****5678");
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(community.get("/api/v1/cases?phone=139").status, 422);
  auto none = community.get("/api/v1/cases?phone=13900000000").json();
  for (const auto& c : none.at("items").as_array()) EXPECT_NE(str(c, "id"), id);

  EXPECT_EQ(community.post("/api/v1/cases/" + id + "/contact", "{}").status, 422);  // no reason
  auto shown =
      community.post("/api/v1/cases/" + id + "/contact", R"({"reason":"回访核实处理结果"})");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(str(shown.json(), "contact_phone"), "13912345678");
  auto audit = as("admin").get("/api/v1/audit?action=case.reveal_contact&entity_id=" + id);
  ASSERT_EQ(audit.status, 200) << audit.body;
  json::value a = audit.json();
  ASSERT_EQ(a.at("items").as_array().size(), 1u);
  EXPECT_NE(json::serialize(a).find("回访核实处理结果"), std::string::npos);
  // Someone who only reads the case (a grid worker of another grid sees nothing at all).
  EXPECT_EQ(
      as("resident").post("/api/v1/cases/" + id + "/contact", R"({"reason":"想知道"})").status,
      404);
}
