#pragma once
// Static files of the web app: right MIME types, caching headers (hashed
// assets immutable, index.html revalidated), ETag/304, and no way out of the
// web root (no "..", no hidden files, no symlinks that leave it).
#include <optional>
#include <string>

#include "platform/http/message.hpp"

namespace gridgov::http {

std::string mime_type(const std::string& path);

// A response for GET/HEAD `req.path` under `root`, or nullopt when no file
// matches (the caller answers 404). Unknown paths without an extension get
// index.html so the single-page app can route them.
std::optional<Response> serve_static(const std::string& root, const Request& req);

}  // namespace gridgov::http
