#pragma once
// Photos of a case (现场照片): at report, after handling, at verification.
// The bytes live on disk under files.dir, the row in case_photos; served only
// to those who may read the case.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/db/database.hpp"

namespace gridgov::cases {

struct Photo {
  Id id = 0;
  Id case_id = 0;
  std::string stage;  // report | handle | verify
  std::string content_type;
  long long bytes = 0;
  std::string sha256;
  std::string file;  // relative to files.dir
  std::string uploaded_by;
  Millis created_at = 0;
};

namespace photos {

const std::vector<std::string>& stages();
// image/jpeg, image/png or image/webp whose first bytes agree with the type;
// else kInvalid naming what is wrong (kUnsupportedMedia for other types).
Status check_image(std::string_view content_type, std::string_view data);

// Writes the bytes under `root` (a temporary name, fsync, rename), so a file
// either is complete or is not there. Returns the relative path.
Result<std::string> save_file(const std::string& root, Id case_id, Id photo_id,
                              std::string_view content_type, std::string_view data);
void remove_file(const std::string& root, const std::string& file);

// Anonymous reporters get a token with their case to add its photos for a while.
void put_upload_token(WriteTx& tx, Id case_id, const std::string& token_hash, Millis until);
bool upload_token_valid(soci::session& sql, Id case_id, const std::string& token_hash, Millis now);

void insert(WriteTx& tx, const Photo& p);
std::vector<Photo> of_case(soci::session& sql, Id case_id);
std::optional<Photo> get(soci::session& sql, Id id);

}  // namespace photos
}  // namespace gridgov::cases
