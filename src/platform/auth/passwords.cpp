#include "platform/auth/passwords.hpp"

#include <sodium.h>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "platform/text/text.hpp"

namespace gridgov::passwords {
namespace {
std::mutex g_mutex;
std::condition_variable g_cv;
int g_free = 2;

// Holds one of the limited hashing slots for its lifetime.
class Slot {
 public:
  Slot() {
    std::unique_lock lock(g_mutex);
    ok_ = g_cv.wait_for(lock, std::chrono::seconds(10), [] { return g_free > 0; });
    if (ok_) --g_free;
  }
  ~Slot() {
    if (!ok_) return;
    {
      std::lock_guard lock(g_mutex);
      ++g_free;
    }
    g_cv.notify_one();
  }
  bool ok() const { return ok_; }

 private:
  bool ok_ = false;
};

Error busy() {
  return Error::unavailable("登录请求过多，请稍后重试", "Too many logins at once, retry shortly");
}
}  // namespace

void init(int concurrency) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::lock_guard lock(g_mutex);
  g_free = std::max(1, concurrency);
}

Status check_rules(const std::string& password, const std::string& username, int min_length) {
  auto invalid = [](std::string zh, std::string en) {
    return Error::invalid("password", std::move(zh), std::move(en));
  };
  if (!text::valid_utf8(password) || text::has_control(password)) {
    return invalid("密码包含无效字符", "The password contains invalid characters");
  }
  if (static_cast<int>(text::length(password)) < min_length) {
    return invalid("密码至少需要 " + std::to_string(min_length) + " 个字符",
                   "The password needs at least " + std::to_string(min_length) + " characters");
  }
  if (password.size() > 128)
    return invalid("密码过长（最多 128 字节）", "The password is too long (128 bytes at most)");
  int lower = 0, upper = 0, digit = 0, other = 0;
  for (unsigned char c : password) {
    if (std::islower(c))
      lower = 1;
    else if (std::isupper(c))
      upper = 1;
    else if (std::isdigit(c))
      digit = 1;
    else
      other = 1;
  }
  if (lower + upper + digit + other < 3) {
    return invalid("密码须包含小写字母、大写字母、数字、符号中的至少三类",
                   "Use at least three of: lower case, upper case, digits, symbols");
  }
  std::string lp = password, lu = username;
  std::transform(lp.begin(), lp.end(), lp.begin(), ::tolower);
  std::transform(lu.begin(), lu.end(), lu.begin(), ::tolower);
  if (!lu.empty() && lp.find(lu) != std::string::npos) {
    return invalid("密码不能包含用户名", "The password must not contain the username");
  }
  return {};
}

Result<std::string> hash(const std::string& password) {
  Slot slot;
  if (!slot.ok()) return busy();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Error::unavailable("内存不足，无法计算密码哈希",
                              "Out of memory while hashing the password");
  }
  return std::string(out);
}

Result<bool> verify(const std::string& stored_hash, const std::string& password) {
  if (stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  Slot slot;
  if (!slot.ok()) return busy();
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

void burn() {
  static const std::string dummy = [] {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      return std::string();
    }
    return std::string(out);
  }();
  (void)verify(dummy, "not the password");
}

}  // namespace gridgov::passwords
