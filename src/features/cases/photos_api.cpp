// Routes for case photos: upload (raw image body) and download, both checked
// against the case's parts.
#include <soci/soci.h>
#include <boost/json.hpp>

#include "features/cases/access.hpp"
#include "features/cases/api.hpp"
#include "features/cases/commands.hpp"
#include "features/cases/photos.hpp"
#include "features/cases/rules.hpp"
#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/config/config.hpp"
#include "platform/core/secrets.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/router.hpp"
#include "platform/text/media_type.hpp"

namespace gridgov::cases {
namespace json = boost::json;
using http::Request;
using http::Response;

json::object photo_json(const Photo& p) {
  return json::object{
      {"id", id_to_string(p.id)},
      {"stage", p.stage},
      {"content_type", p.content_type},
      {"bytes", p.bytes},
      {"sha256", p.sha256},
      {"uploaded_by", p.uploaded_by},
      {"created_at", p.created_at},
      {"url", "/api/v1/cases/" + id_to_string(p.case_id) + "/photos/" + id_to_string(p.id)}};
}

namespace {

bool plays(const std::vector<Part>& parts, Part p) {
  return std::find(parts.begin(), parts.end(), p) != parts.end();
}

// Who may add a photo at each stage: the report's by its reporter (or the
// anonymous caller holding the case's token) and the staff who registered or
// dispatch it; the handling's by the assignee; the verification's by the
// verifier or the reporter.
Status may_upload(Services& svc, const Request& req, const Case& c, const std::string& stage) {
  if (!req.principal) {
    auto token = req.query_param("token").value_or("");
    bool ok = stage == "report" && !token.empty() && token.size() <= 64 &&
              svc.db.read([&](soci::session& s) {
                return photos::upload_token_valid(s, c.id, secrets::token_hash(token),
                                                  svc.clock.now_ms());
              });
    if (!ok) {
      return Error::make(ErrorKind::kUnauthenticated, "unauthenticated",
                         "请先登录，或使用上报时得到的上传凭证（一小时内有效）",
                         "Log in, or use the upload token given with the report (valid one hour)");
    }
    return {};
  }
  if (!may_read(svc, *req.principal, c)) return Error::not_found("案件", "Case");
  auto parts = parts_of(svc, *req.principal, c);
  bool ok = false;
  if (stage == "report")
    ok = plays(parts, Part::kReporter) || plays(parts, Part::kDispatcher) ||
         svc.authz.can(*req.principal, "case.intake", c.node_path);
  else if (stage == "handle")
    ok = plays(parts, Part::kAssignee);
  else
    ok = plays(parts, Part::kVerifier) || plays(parts, Part::kReporter);
  if (!ok) return Error::forbidden();
  return {};
}

// POST /api/v1/cases/{id}/photos?stage=report|handle|verify[&token=] with the
// image as the body (Content-Type image/jpeg, image/png or image/webp).
http::Reply upload(Services& svc, Request& req) {
  auto id = parse_id(req.param("id"));
  auto c = id ? svc.db.read([&](soci::session& s) { return store::get(s, *id); }) : std::nullopt;
  if (!c) return Error::not_found("案件", "Case");
  std::string stage = req.query_param("stage").value_or("report");
  const auto& stages = photos::stages();
  if (std::find(stages.begin(), stages.end(), stage) == stages.end()) {
    return Error::invalid("stage", "stage 须为 report、handle 或 verify",
                          "stage must be report, handle or verify");
  }
  if (auto st = may_upload(svc, req, *c, stage); !st) return st.error();
  if (c->state == State::kRejected || c->state == State::kMerged) {
    return Error::make(ErrorKind::kInvalid, "illegal_transition",
                       "案件" + state_zh(c->state) + "，不能再添加照片",
                       std::string("The case is ") + to_string(c->state) + ": no more photos");
  }
  std::string type = text::media_type(req.header("Content-Type")).type;
  if (auto st = photos::check_image(type, req.body); !st) return st.error();
  auto existing = svc.db.read([&](soci::session& s) { return photos::of_case(s, c->id); });
  auto max_photos = static_cast<std::size_t>(svc.config.integer("cases.photos_per_case"));
  if (existing.size() >= max_photos) {
    return Error::invalid("photo", "每件案件最多 " + std::to_string(max_photos) + " 张照片",
                          "At most " + std::to_string(max_photos) + " photos a case");
  }
  Millis now = svc.clock.now_ms();
  Photo p;
  p.id = new_id();
  p.case_id = c->id;
  p.stage = stage;
  p.content_type = type;
  p.bytes = static_cast<long long>(req.body.size());
  p.sha256 = secrets::sha256_hex(req.body);
  p.uploaded_by = req.principal ? req.principal->display_name : "匿名上报人";
  p.created_at = now;
  std::string root = svc.config.str("files.dir");
  auto file = photos::save_file(root, c->id, p.id, type, req.body);
  if (!file) return file.error();
  p.file = *file;
  Actor actor =
      req.principal
          ? actor_of(req)
          : Actor{.username = "anonymous", .ip = req.remote_ip, .request_id = req.request_id};
  Status st = svc.db.write([&](WriteTx& tx) -> Status {
    attach_photo(tx, actor, *c, p, now);
    return {};
  });
  if (!st) {
    photos::remove_file(root, p.file);  // nothing half-written: no row, no file
    return st.error();
  }
  return http::ok_json(photo_json(p), 201);
}

// GET /api/v1/cases/{id}/photos/{photo}: the image, for those who may read the case.
http::Reply download(Services& svc, Request& req) {
  auto c = case_for(svc, req);
  if (!c) return c.error();
  auto pid = parse_id(req.param("photo"));
  auto p = pid ? svc.db.read([&](soci::session& s) { return photos::get(s, *pid); }) : std::nullopt;
  if (!p || p->case_id != c->id) return Error::not_found("照片", "Photo");
  Response r;
  r.content_type = p->content_type;
  r.file_path = svc.config.str("files.dir") + "/" + p->file;
  // Private to the reader; never sniffed as anything else.
  r.set_header("Cache-Control", "private, max-age=3600");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

void photo_routes(http::Router& router, Services& svc) {
  auto bind = [&svc](http::Reply (*fn)(Services&, Request&)) { return http::bind(svc, fn); };
  router.add("POST", "/api/v1/cases/{id}/photos", bind(upload),
             {.requires_auth = false,
              .summary = "Add a photo to a case (raw image body; anonymous reporters use ?token=)",
              .body = "upload"});
  router.add("GET", "/api/v1/cases/{id}/photos/{photo}", bind(download),
             {.summary = "A case photo (for those who may read the case)"});
}

}  // namespace gridgov::cases
