#pragma once
// Identity numbers (公民身份号码, GB 11643-1999) and phone numbers: checked
// and understood before anything is sealed. Pure functions.
#include <optional>
#include <string>
#include <string_view>

#include "platform/core/error.hpp"

namespace gridgov::registry {

struct Identity {
  std::string number;      // 18 characters, an upper-case X as the check character
  std::string region;      // the first 6 digits: where it was issued
  std::string birth_date;  // YYYY-MM-DD
  char sex = 'M';          // 'M' or 'F' (the 17th digit: odd for men)
};

// The GB 11643 check character for the first 17 digits ('0'–'9' or 'X').
char identity_check_char(std::string_view first17);

// Parses and checks an 18-character identity number: digits, a valid check
// character (x accepted as X), a real birth date not after `today`
// ("YYYY-MM-DD") and not before 1900. kInvalid names the field and says
// what is wrong, in Chinese and English.
Result<Identity> parse_identity(std::string_view input, std::string_view today,
                                const char* field = "identity_number");

// A birth date written as people write it: 1990-03-07, 1990/3/7, 19900307, or
// the day number Excel stores for a date cell (e.g. 32939). Returns
// YYYY-MM-DD; kInvalid when the day does not exist, is after `today` or
// before 1900.
Result<std::string> parse_birth_date(std::string_view input, std::string_view today,
                                     const char* field = "birth_date");

// A mainland mobile (1[3-9] + 9 digits) or a landline with its area code
// (0 + 2–3 digits, then 7–8 digits, a hyphen allowed after the area code).
// Returns the digits (hyphen removed); kInvalid otherwise.
Result<std::string> normalize_phone(std::string_view input, const char* field = "phone");

}  // namespace gridgov::registry
