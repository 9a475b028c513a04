#pragma once
// Expected failures are values. An Error carries a machine code, a message a
// person understands in Chinese and English, and optionally the offending field.
#include <string>
#include <utility>
#include <variant>

namespace gridgov {

enum class ErrorKind {
  kBadRequest,        // 400: malformed request (syntax)
  kUnauthenticated,   // 401
  kForbidden,         // 403
  kNotFound,          // 404
  kMethodNotAllowed,  // 405
  kConflict,          // 409: version conflict, duplicate
  kTooLarge,          // 413
  kHeaderTooLarge,    // 431: request header fields too large
  kUnsupportedMedia,  // 415
  kInvalid,           // 422: well-formed but fails validation
  kLocked,            // 423: account locked
  kTooManyRequests,   // 429
  kInternal,          // 500
  kUnavailable,       // 503
};

int http_status(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;        // stable machine code, e.g. "invalid_field"
  std::string message_zh;  // 中文说明
  std::string message_en;  // English message
  std::string field;       // offending field, if any
  int retry_after_s = 0;   // 429, 503: seconds before trying again (Retry-After)

  static Error make(ErrorKind kind, std::string code, std::string zh, std::string en,
                    std::string field = {}) {
    return Error{kind, std::move(code), std::move(zh), std::move(en), std::move(field), 0};
  }
  // The common ones, so every feature says them the same way.
  static Error not_found(std::string what_zh, std::string what_en);
  static Error forbidden();
  static Error invalid(std::string field, std::string zh, std::string en);
  static Error conflict(std::string zh, std::string en);
  static Error internal();
  static Error unavailable(std::string zh, std::string en);
};

// Result<T>: either a value or an Error. Result<void> is a status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace gridgov
