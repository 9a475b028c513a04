#include "features/cases/calendar.hpp"

#include <ctime>

#include "platform/text/text.hpp"

namespace gridgov::cases {
namespace {
constexpr Millis kDay = 24LL * 3600 * 1000;

int weekday(Millis t) {  // 0 = Sunday; 1970-01-01 was a Thursday
  return static_cast<int>(((cst_day_number(t) % 7) + 7 + 4) % 7);
}
}  // namespace

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  if (!text::all_digits(d.substr(0, 4)) || !text::all_digits(d.substr(5, 2)) ||
      !text::all_digits(d.substr(8, 2))) {
    return false;
  }
  int m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

bool valid_year(const std::string& y) {
  return y.size() == 4 && text::all_digits(y) && y >= "1970" && y <= "2999";
}

bool fixed_date_holiday(const std::string& date) {
  static const std::set<std::string> kDays = {"01-01", "05-01", "05-02", "10-01", "10-02", "10-03"};
  return date.size() == 10 && kDays.count(date.substr(5)) > 0;
}

Calendar Calendar::official() {
  Calendar c;
  const char* holidays[] = {
      "2026-01-01", "2026-01-02", "2026-01-03",                                            // 元旦
      "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",  // 春节
      "2026-02-21", "2026-02-22", "2026-02-23",                                            //
      "2026-04-04", "2026-04-05", "2026-04-06",                              // 清明节
      "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",  // 劳动节
      "2026-06-19", "2026-06-20", "2026-06-21",                              // 端午节
      "2026-09-25", "2026-09-26", "2026-09-27",                              // 中秋节
      "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06",  // 国庆节
      "2026-10-07",
  };
  const char* workdays[] = {"2026-01-04", "2026-02-14", "2026-02-28",
                            "2026-05-09", "2026-09-20", "2026-10-10"};
  for (const char* d : holidays) c.holidays_.insert(d);
  for (const char* d : workdays) c.workdays_.insert(d);
  c.entered_years_.insert("2026");
  return c;
}

Status Calendar::mark_entered(const std::string& year) {
  if (!valid_year(year)) return Error::invalid("year", "年份须为四位数字", "A year is four digits");
  entered_years_.insert(year);
  return {};
}

void Calendar::unmark_entered(const std::string& year) {
  entered_years_.erase(year);
}

bool Calendar::entered(const std::string& year) const {
  return entered_years_.count(year) > 0;
}

std::vector<std::string> Calendar::provisional_years(Millis from, Millis to) const {
  std::vector<std::string> out;
  int first = std::stoi(cst_date(from).substr(0, 4)), last = std::stoi(cst_date(to).substr(0, 4));
  for (int y = first; y <= last; ++y)
    if (!entered(std::to_string(y))) out.push_back(std::to_string(y));
  return out;
}

Status Calendar::add_holiday(const std::string& date) {
  if (!valid_date(date))
    return Error::invalid("date", "日期格式须为 YYYY-MM-DD", "Dates are YYYY-MM-DD");
  workdays_.erase(date);
  holidays_.insert(date);
  return {};
}

Status Calendar::add_workday(const std::string& date) {
  if (!valid_date(date))
    return Error::invalid("date", "日期格式须为 YYYY-MM-DD", "Dates are YYYY-MM-DD");
  holidays_.erase(date);
  workdays_.insert(date);
  return {};
}

void Calendar::clear(const std::string& date) {
  holidays_.erase(date);
  workdays_.erase(date);
}

std::string Calendar::override_of(const std::string& date) const {
  if (holidays_.count(date)) return "holiday";
  if (workdays_.count(date)) return "workday";
  return "";
}

bool Calendar::is_workday(const std::string& date) const {
  if (workdays_.count(date)) return true;
  if (holidays_.count(date)) return false;
  if (!entered(date.substr(0, 4)) && fixed_date_holiday(date)) return false;
  // Weekday of the date string: parse through a time at noon CST.
  std::tm tm{};
  tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(date.substr(8, 2));
  tm.tm_hour = 12;
  Millis t = static_cast<Millis>(timegm(&tm)) * 1000 - 8LL * 3600 * 1000;  // noon CST
  int wd = weekday(t);
  return wd != 0 && wd != 6;
}

Millis Calendar::add_working_days(Millis start, int days) const {
  Millis t = start;
  if (!is_workday(cst_date(t))) {
    // Counting starts at the beginning of the next working day.
    t = cst_day_start(t) + kDay;
    while (!is_workday(cst_date(t))) t += kDay;
  }
  int left = days;
  while (left > 0) {
    t += kDay;
    if (is_workday(cst_date(t))) --left;
  }
  return t;
}

}  // namespace gridgov::cases
