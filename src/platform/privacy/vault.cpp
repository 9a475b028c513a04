#include "platform/privacy/vault.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gridgov::privacy {
namespace {

constexpr char kContext[crypto_kdf_CONTEXTBYTES] = {'g', 'r', 'i', 'd', 'g', 'o', 'v', '1'};

std::string b64(const unsigned char* data, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool unb64(std::string_view in, std::string& out) {
  out.assign(in.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(),
                        in.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return false;
  out.resize(len);
  return true;
}

Error bad_keys(const std::string& where) {
  return Error::make(
      ErrorKind::kUnavailable, "privacy_keys",
      "个人信息密钥无效: " + where + "（每行「编号 Base64密钥」）",
      "Invalid personal-data keys in " + where + " (lines of \"<id> <base64 key>\")");
}

std::string new_key_line(int id) {
  unsigned char key[32];
  crypto_kdf_keygen(key);
  std::string line = std::to_string(id) + " " + b64(key, sizeof key);
  sodium_memzero(key, sizeof key);
  return line;
}

}  // namespace

void Vault::add(int id, const unsigned char master[32]) {
  Key k;
  crypto_kdf_derive_from_key(k.seal, sizeof k.seal, 1, kContext, master);
  crypto_kdf_derive_from_key(k.index, sizeof k.index, 2, kContext, master);
  keys_[id] = k;
  current_ = id;
}

Result<Vault> Vault::load(const std::string& key_file, const std::string& env_keys, bool create) {
  if (sodium_init() < 0) return Error::internal();
  std::string text = env_keys, where = "GRIDGOV_PRIVACY_KEYS";
  for (auto& ch : text)
    if (ch == ';') ch = '\n';
  if (text.empty()) {
    where = key_file;
    std::ifstream in(key_file);
    if (!in) {
      if (!create) {
        return Error::make(ErrorKind::kUnavailable, "privacy_keys",
                           "找不到个人信息密钥文件 " + key_file,
                           "No personal-data key file at " + key_file);
      }
      std::error_code ec;
      auto parent = std::filesystem::path(key_file).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
      text = new_key_line(1) + "\n";
      mode_t old = ::umask(077);
      std::ofstream out(key_file);
      out << text;
      out.close();
      ::umask(old);
      if (!out) return bad_keys(key_file);
    } else {
      std::stringstream ss;
      ss << in.rdbuf();
      text = ss.str();
    }
  }
  Vault v;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    int id = 0;
    std::string key64, raw;
    if (!(f >> id >> key64) || id <= 0 || id > 999 || !unb64(key64, raw) || raw.size() != 32)
      return bad_keys(where);
    v.add(id, reinterpret_cast<const unsigned char*>(raw.data()));
    sodium_memzero(raw.data(), raw.size());
  }
  if (v.keys_.empty()) return bad_keys(where);
  return v;
}

Vault Vault::ephemeral() {
  if (sodium_init() < 0) std::abort();
  Vault v;
  unsigned char key[32];
  crypto_kdf_keygen(key);
  v.add(1, key);
  return v;
}

Result<Vault> Vault::add_key(const std::string& key_file) {
  auto v = load(key_file, "", false);
  if (!v) return v.error();
  int next = v->current_ + 1;
  for (const auto& [id, k] : v->keys_) next = std::max(next, id + 1);
  std::ofstream out(key_file, std::ios::app);
  out << new_key_line(next) << "\n";
  out.close();
  if (!out) return bad_keys(key_file);
  return load(key_file, "", false);
}

std::string Vault::seal(std::string_view plain) const {
  const Key& k = keys_.at(current_);
  std::string buf(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                        k.seal);
  return "s1." + std::to_string(current_) + "." +
         b64(reinterpret_cast<const unsigned char*>(buf.data()), buf.size());
}

Result<std::string> Vault::open(std::string_view sealed) const {
  auto fail = [] {
    return Error::invalid("sealed", "密文无法解开（密钥不符或数据损坏）",
                          "The sealed value cannot be opened (wrong key or damaged)");
  };
  if (sealed.substr(0, 3) != "s1.") return fail();
  auto dot = sealed.find('.', 3);
  if (dot == std::string_view::npos) return fail();
  int id = std::atoi(std::string(sealed.substr(3, dot - 3)).c_str());
  auto it = keys_.find(id);
  std::string buf;
  if (it == keys_.end() || !unb64(sealed.substr(dot + 1), buf) ||
      buf.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return fail();
  const auto* nonce = reinterpret_cast<const unsigned char*>(buf.data());
  std::string plain(buf.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
          buf.size() - crypto_secretbox_NONCEBYTES, nonce, it->second.seal) != 0)
    return fail();
  return plain;
}

bool Vault::sealed_with_current(std::string_view sealed) const {
  return sealed.rfind("s1." + std::to_string(current_) + ".", 0) == 0;
}

std::string Vault::blind(std::string_view purpose, std::string_view value) const {
  const Key& k = keys_.at(current_);
  crypto_generichash_state st;
  unsigned char out[16];
  crypto_generichash_init(&st, k.index, sizeof k.index, sizeof out);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(purpose.data()),
                            purpose.size());
  unsigned char sep = 0;
  crypto_generichash_update(&st, &sep, 1);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(value.data()),
                            value.size());
  crypto_generichash_final(&st, out, sizeof out);
  char hex[2 * sizeof out + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

std::vector<int> Vault::key_ids() const {
  std::vector<int> out;
  for (const auto& [id, k] : keys_) out.push_back(id);
  return out;
}

std::optional<std::string> Vault::check_value(int id) const {
  auto it = keys_.find(id);
  if (it == keys_.end()) return std::nullopt;
  unsigned char out[16];
  static const char kProbe[] = "gridgov key check";
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(kProbe),
                     sizeof kProbe - 1, it->second.index, sizeof it->second.index);
  char hex[2 * sizeof out + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return std::string(hex);
}

std::string mask_phone(std::string_view p) {
  if (p.size() < 7) return std::string(p.size(), '*');
  return std::string(p.substr(0, 3)) + std::string(p.size() - 7, '*') +
         std::string(p.substr(p.size() - 4));
}

std::string mask_identity(std::string_view id) {
  if (id.size() < 9) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') +
         std::string(id.substr(id.size() - 4));
}

}  // namespace gridgov::privacy
