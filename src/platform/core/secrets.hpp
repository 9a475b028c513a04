#pragma once
// Random tokens and digests (libsodium), in one place.
#include <string>
#include <string_view>

namespace gridgov::secrets {

// 32 random bytes, base64url without padding (43 characters).
std::string random_token();
// BLAKE2b-256 of a token, hex: what is stored instead of the token.
std::string token_hash(std::string_view token);
// SHA-256, hex: the fingerprint of an uploaded file.
std::string sha256_hex(std::string_view data);
// HMAC-SHA256 of `data` under `key` (any length), hex: signs webhook deliveries.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace gridgov::secrets
