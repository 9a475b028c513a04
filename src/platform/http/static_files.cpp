#include "platform/http/static_files.hpp"

#include <fmt/format.h>
#include <filesystem>
#include <map>

namespace gridgov::http {
namespace fs = std::filesystem;

std::string mime_type(const std::string& path) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".geojson", "application/geo+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {".csv", "text/csv; charset=utf-8"},
      {".pdf", "application/pdf"},
  };
  auto ext = fs::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(c));
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

namespace {
// Rejects anything that could step outside the root or reveal hidden files.
bool safe_relative(const std::string& path) {
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return false;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string_view seg(path.data() + i, j - i);
    if (!seg.empty() && seg.front() == '.') return false;  // "..", ".git", ".env"
    i = j + 1;
  }
  return true;
}

std::optional<Response> file_response(const fs::path& file, const Request& req, bool immutable) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (ec) return std::nullopt;
  auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
  std::string etag = fmt::format("\"{:x}-{:x}\"", size, static_cast<unsigned long long>(mtime));
  Response r;
  r.set_header("ETag", etag);
  r.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.content_type = mime_type(file.string());
  if (req.header("If-None-Match") == etag) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.status = 200;
  r.file_path = file.string();
  return r;
}
}  // namespace

std::optional<Response> serve_static(const std::string& root, const Request& req) {
  if (root.empty()) return std::nullopt;
  std::string rel = req.path;
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  if (!safe_relative(rel)) return std::nullopt;
  std::error_code ec;
  fs::path base = fs::weakly_canonical(root, ec);
  if (ec || !fs::is_directory(base)) return std::nullopt;
  fs::path candidate = rel.empty() ? base / "index.html" : base / rel;
  if (fs::is_directory(candidate, ec)) candidate /= "index.html";
  fs::path real = fs::weakly_canonical(candidate, ec);
  // Symlinks must not lead outside the root either.
  auto [b_end, r_it] = std::mismatch(base.begin(), base.end(), real.begin(), real.end());
  if (ec || b_end != base.end()) return std::nullopt;
  if (fs::is_regular_file(real, ec)) {
    // Vite puts content-hashed files under assets/: they never change.
    bool immutable = rel.rfind("assets/", 0) == 0;
    return file_response(real, req, immutable);
  }
  // Single-page app: a path without an extension is a client-side route.
  if (fs::path(rel).extension().empty() && rel.rfind("api/", 0) != 0) {
    return file_response(base / "index.html", req, false);
  }
  return std::nullopt;
}

}  // namespace gridgov::http
