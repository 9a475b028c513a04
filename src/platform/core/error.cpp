#include "platform/core/error.hpp"

namespace gridgov {

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadRequest:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kMethodNotAllowed:
      return 405;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kTooLarge:
      return 413;
    case ErrorKind::kHeaderTooLarge:
      return 431;
    case ErrorKind::kUnsupportedMedia:
      return 415;
    case ErrorKind::kInvalid:
      return 422;
    case ErrorKind::kLocked:
      return 423;
    case ErrorKind::kTooManyRequests:
      return 429;
    case ErrorKind::kInternal:
      return 500;
    case ErrorKind::kUnavailable:
      return 503;
  }
  return 500;
}

Error Error::not_found(std::string what_zh, std::string what_en) {
  return make(ErrorKind::kNotFound, "not_found", what_zh + "不存在", what_en + " not found");
}

Error Error::forbidden() {
  return make(ErrorKind::kForbidden, "forbidden", "无权执行此操作（超出您的管辖范围或角色权限）",
              "You are not allowed to do this (outside your area or role)");
}

Error Error::invalid(std::string field, std::string zh, std::string en) {
  return make(ErrorKind::kInvalid, "invalid_field", std::move(zh), std::move(en), std::move(field));
}

Error Error::conflict(std::string zh, std::string en) {
  return make(ErrorKind::kConflict, "conflict", std::move(zh), std::move(en));
}

Error Error::internal() {
  return make(ErrorKind::kInternal, "internal", "服务器内部错误，请稍后重试",
              "Internal server error, please retry later");
}

Error Error::unavailable(std::string zh, std::string en) {
  return make(ErrorKind::kUnavailable, "unavailable", std::move(zh), std::move(en));
}

}  // namespace gridgov
