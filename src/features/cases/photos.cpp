#include "features/cases/photos.hpp"

#include <fcntl.h>
#include <soci/soci.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "platform/db/row_map.hpp"

namespace gridgov::cases::photos {

const std::vector<std::string>& stages() {
  static const std::vector<std::string> s = {"report", "handle", "verify"};
  return s;
}

Status check_image(std::string_view type, std::string_view d) {
  auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return d.size() >= at + magic.size() && d.substr(at, magic.size()) == magic;
  };
  bool ok = false;
  if (type == "image/jpeg")
    ok = starts("\xFF\xD8\xFF");
  else if (type == "image/png")
    ok = starts("\x89PNG\r\n\x1A\n");
  else if (type == "image/webp")
    ok = starts("RIFF") && starts("WEBP", 8);
  else
    return Error::make(ErrorKind::kUnsupportedMedia, "unsupported_media_type",
                       "照片须为 JPEG、PNG 或 WebP", "Photos must be JPEG, PNG or WebP");
  if (d.empty()) return Error::invalid("photo", "照片为空", "The photo is empty");
  if (!ok) {
    return Error::invalid("photo", "文件内容不是所声明的图片格式",
                          "The file is not the image type it claims to be");
  }
  return {};
}

namespace {
const char* extension(std::string_view type) {
  if (type == "image/png") return ".png";
  if (type == "image/webp") return ".webp";
  return ".jpg";
}

Status write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error::internal();
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}
}  // namespace

Result<std::string> save_file(const std::string& root, Id case_id, Id photo_id,
                              std::string_view content_type, std::string_view data) {
  namespace fs = std::filesystem;
  std::string rel =
      "cases/" + id_to_string(case_id) + "/" + id_to_string(photo_id) + extension(content_type);
  fs::path final_path = fs::path(root) / rel;
  std::error_code ec;
  fs::create_directories(final_path.parent_path(), ec);
  if (ec) return Error::internal();
  fs::path tmp = final_path;
  tmp += ".part";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return Error::internal();
  Status st = write_all(fd, data);
  if (st && ::fsync(fd) != 0) st = Error::internal();
  ::close(fd);
  if (st) {
    fs::rename(tmp, final_path, ec);
    if (ec) st = Error::internal();
  }
  if (!st) {
    fs::remove(tmp, ec);
    return st.error();
  }
  // The directory entry too, so the file survives a crash once the row says it exists.
  int dir = ::open(final_path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return rel;
}

void remove_file(const std::string& root, const std::string& file) {
  std::error_code ec;
  std::filesystem::remove(std::filesystem::path(root) / file, ec);
}

void put_upload_token(WriteTx& tx, Id case_id, const std::string& token_hash, Millis until) {
  tx.sql << "INSERT INTO case_upload_tokens (case_id, token_hash, until) VALUES (:c, :h, :u)",
      soci::use(case_id), soci::use(token_hash), soci::use(until);
}

bool upload_token_valid(soci::session& sql, Id case_id, const std::string& token_hash, Millis now) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM case_upload_tokens WHERE case_id = :c AND token_hash = :h"
         " AND until > :now",
      soci::use(case_id), soci::use(token_hash), soci::use(now), soci::into(n);
  return n > 0;
}

namespace {
const db::RowMap<Photo>& photo_map() {
  static const auto map = db::RowMap<Photo>("case_photos")
                              .col("id", &Photo::id)
                              .col("case_id", &Photo::case_id)
                              .col("stage", &Photo::stage)
                              .col("content_type", &Photo::content_type)
                              .col("bytes", &Photo::bytes)
                              .col("sha256", &Photo::sha256)
                              .col("file", &Photo::file)
                              .col("uploaded_by", &Photo::uploaded_by)
                              .col("created_at", &Photo::created_at);
  return map;
}
}  // namespace

void insert(WriteTx& tx, const Photo& p) {
  db::PreparedWrite<Photo> ins(tx.sql, photo_map(), photo_map().insert_sql(), {});
  ins.row() = p;
  ins.execute();
}

std::vector<Photo> of_case(soci::session& sql, Id case_id) {
  return db::read_rows(photo_map(), sql, "WHERE case_id = :c ORDER BY id",
                       [&](soci::statement& st) { st.exchange(soci::use(case_id, "c")); });
}

std::optional<Photo> get(soci::session& sql, Id id) {
  return db::read_row(photo_map(), sql, "WHERE id = :id",
                      [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
}

}  // namespace gridgov::cases::photos
