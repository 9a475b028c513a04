#include "features/cases/photos.hpp"

#include <fcntl.h>
#include <soci/soci.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

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

void insert(WriteTx& tx, const Photo& p) {
  tx.sql << "INSERT INTO case_photos (id, case_id, stage, content_type, bytes, sha256, file,"
            " uploaded_by, created_at) VALUES (:id, :c, :s, :t, :b, :h, :f, :u, :at)",
      soci::use(p.id), soci::use(p.case_id), soci::use(p.stage), soci::use(p.content_type),
      soci::use(p.bytes), soci::use(p.sha256), soci::use(p.file), soci::use(p.uploaded_by),
      soci::use(p.created_at);
}

namespace {
template <typename Bind>
std::vector<Photo> select(soci::session& sql, const std::string& where, Bind bind) {
  Photo p;
  soci::statement st(sql);
  st.alloc();
  st.exchange(soci::into(p.id));
  st.exchange(soci::into(p.case_id));
  st.exchange(soci::into(p.stage));
  st.exchange(soci::into(p.content_type));
  st.exchange(soci::into(p.bytes));
  st.exchange(soci::into(p.sha256));
  st.exchange(soci::into(p.file));
  st.exchange(soci::into(p.uploaded_by));
  st.exchange(soci::into(p.created_at));
  bind(st);
  st.prepare(
      "SELECT id, case_id, stage, content_type, bytes, sha256, file, uploaded_by,"
      " created_at FROM case_photos " +
      where);
  st.define_and_bind();
  st.execute(false);
  std::vector<Photo> out;
  while (st.fetch()) out.push_back(p);
  return out;
}
}  // namespace

std::vector<Photo> of_case(soci::session& sql, Id case_id) {
  return select(sql, "WHERE case_id = :c ORDER BY id",
                [&](soci::statement& st) { st.exchange(soci::use(case_id, "c")); });
}

std::optional<Photo> get(soci::session& sql, Id id) {
  auto v =
      select(sql, "WHERE id = :id", [&](soci::statement& st) { st.exchange(soci::use(id, "id")); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

}  // namespace gridgov::cases::photos
