#pragma once
// Personal data protection (PIPL): identity numbers and phones are sealed at
// rest with libsodium's secretbox (XSalsa20-Poly1305) under keys kept outside
// the database — a key file or the environment — found by exact value through
// keyed blind indexes (BLAKE2b), and masked on the way out.
//
// Keys: one per line, "<id> <base64 of 32 random bytes>"; the last line is the
// current key (it seals), every listed key opens. Each sealed value names its
// key, so rotation adds a key and re-seals (`gridgov keys rotate`).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/error.hpp"

namespace gridgov::privacy {

class Vault {
 public:
  // From `env_keys` (the GRIDGOV_PRIVACY_KEYS variable, same format, lines
  // separated by ';') when set, else from `key_file`. With `create` and no
  // key anywhere, writes a new key file (mode 0600) — what a first start does.
  static Result<Vault> load(const std::string& key_file, const std::string& env_keys, bool create);
  // A vault with one random key, for tests and tools.
  static Vault ephemeral();

  // "s1.<key id>.<base64 nonce|box>".
  std::string seal(std::string_view plain) const;
  // kInvalid when the value was not sealed by a key this vault holds.
  Result<std::string> open(std::string_view sealed) const;
  bool sealed_with_current(std::string_view sealed) const;
  // A keyed digest of `value` for exact lookups; `purpose` separates the
  // indexes (an identity number and a phone never share a digest space).
  std::string blind(std::string_view purpose, std::string_view value) const;
  int current_key() const { return current_; }
  std::vector<int> key_ids() const;
  // A keyed digest that identifies key `id` without revealing it (nullopt if absent).
  std::optional<std::string> check_value(int id) const;

  // Appends a new key to `key_file` and returns the vault holding both.
  static Result<Vault> add_key(const std::string& key_file);

 private:
  struct Key {
    unsigned char seal[32];
    unsigned char index[32];
  };
  std::map<int, Key> keys_;
  int current_ = 0;
  void add(int id, const unsigned char master[32]);
};

// 138****5678 (phones of 7 or more digits; shorter ones are starred whole).
std::string mask_phone(std::string_view phone);
// 4201**********123X: the region's first four and the last four kept.
std::string mask_identity(std::string_view id);

}  // namespace gridgov::privacy
