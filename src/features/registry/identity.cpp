#include "features/registry/identity.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "platform/core/clock.hpp"

namespace gridgov::registry {

char identity_check_char(std::string_view d) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kChars[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (d[static_cast<std::size_t>(i)] - '0') * kWeights[i];
  return kChars[sum % 11];
}

namespace {
bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int days_in(int y, int m) {
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}
}  // namespace

Result<Identity> parse_identity(std::string_view in, std::string_view today, const char* field) {
  auto bad = [&](const std::string& zh, const std::string& en) {
    return Error::invalid(field, "身份证号码" + zh, "The identity number " + en);
  };
  if (in.find_first_of("Ee.+") != std::string_view::npos && in.size() < 18) {
    return bad("被 Excel 当成了数字，请把该列设为文本格式后重填",
               "was turned into a number by Excel; format the column as text and type it again");
  }
  if (in.size() != 18) return bad("须为 18 位", "must have 18 characters");
  std::string n(in);
  if (n[17] == 'x') n[17] = 'X';
  for (int i = 0; i < 17; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(n[static_cast<std::size_t>(i)])))
      return bad("前 17 位须为数字", "must start with 17 digits");
  }
  if (!std::isdigit(static_cast<unsigned char>(n[17])) && n[17] != 'X')
    return bad("末位须为数字或 X", "must end with a digit or X");
  if (identity_check_char(n) != n[17])
    return bad("校验码不正确（可能有输错的数字）",
               "has a wrong check character (a digit is mistyped)");
  int y = std::atoi(n.substr(6, 4).c_str()), m = std::atoi(n.substr(10, 2).c_str()),
      d = std::atoi(n.substr(12, 2).c_str());
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
    return bad("中的出生日期不存在", "holds a birth date that does not exist");
  Identity id;
  id.number = n;
  id.region = n.substr(0, 6);
  id.birth_date = n.substr(6, 4) + "-" + n.substr(10, 2) + "-" + n.substr(12, 2);
  if (id.birth_date > today) return bad("中的出生日期晚于今天", "holds a birth date after today");
  id.sex = (n[16] - '0') % 2 == 1 ? 'M' : 'F';
  return id;
}

Result<std::string> parse_birth_date(std::string_view input, std::string_view today,
                                     const char* field) {
  auto bad = [&] {
    return Error::invalid(field, "出生日期不正确（如 1990-03-07），不能晚于今天或早于 1900 年",
                          "Bad birth date (e.g. 1990-03-07): not after today nor before 1900");
  };
  int y = 0, m = 0, d = 0;
  std::string digits;
  std::vector<int> parts;
  for (char c : input) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c == '-' || c == '/' || c == '.') {
      if (digits.empty()) return bad();
      parts.push_back(std::atoi(digits.c_str()));
      digits.clear();
    } else {
      return bad();
    }
  }
  if (digits.empty() || digits.size() > 8) return bad();
  if (parts.empty() && digits.size() == 8) {
    y = std::atoi(digits.substr(0, 4).c_str());
    m = std::atoi(digits.substr(4, 2).c_str());
    d = std::atoi(digits.substr(6, 2).c_str());
  } else if (parts.empty() && digits.size() <= 5) {
    // Excel's day number: day 1 is 1900-01-01 and it counts a 29 February 1900
    // that never was, so from day 61 on the civil day is one less.
    long serial = std::atol(digits.c_str());
    if (serial < 61) return bad();
    long days = serial - 25569;  // days since 1970-01-01
    std::string date = cst_date(static_cast<Millis>(days) * kDayMs);
    y = std::atoi(date.substr(0, 4).c_str());
    m = std::atoi(date.substr(5, 2).c_str());
    d = std::atoi(date.substr(8, 2).c_str());
  } else if (parts.size() == 2) {
    y = parts[0];
    m = parts[1];
    d = std::atoi(digits.c_str());
  } else {
    return bad();
  }
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in(y, m)) return bad();
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
  if (std::string_view(out) > today) return bad();
  return std::string(out);
}

Result<std::string> normalize_phone(std::string_view in, const char* field) {
  std::string digits;
  int hyphens = 0;
  for (char c : in) {
    if (c == '-') {
      ++hyphens;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) digits = "x";
    digits += c;
  }
  bool mobile = hyphens == 0 && digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' &&
                digits[1] <= '9';
  bool landline = hyphens <= 1 && digits.size() >= 10 && digits.size() <= 12 && digits[0] == '0' &&
                  digits.find('x') == std::string::npos;
  if (hyphens == 1 && landline) {
    auto at = in.find('-');
    landline = at >= 3 && at <= 4;  // after a 3–4 digit area code (010, 0755)
  }
  if (digits.find('x') != std::string::npos || (!mobile && !landline)) {
    return Error::invalid(field, "电话号码格式不正确（手机 11 位，座机带区号）",
                          "Not a phone number (11-digit mobile, or a landline with its area code)");
  }
  return digits;
}

}  // namespace gridgov::registry
