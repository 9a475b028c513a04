#include "features/cases/calendar_notices.hpp"

#include <soci/soci.h>

#include "features/cases/store.hpp"

namespace gridgov::cases {

std::vector<std::string> missing_calendar_years(const Calendar& cal, Millis now) {
  std::string today = cst_date(now), year = today.substr(0, 4);
  std::vector<std::string> out;
  if (!cal.entered(year)) out.push_back(year);
  // The State Council announces the next year's schedule in the autumn; by
  // December deadlines already run into it.
  std::string next = std::to_string(std::stoi(year) + 1);
  if (today.substr(5) >= "12-01" && !cal.entered(next)) out.push_back(next);
  return out;
}

std::vector<Notice> calendar_notices(Services& svc) {
  Calendar cal = svc.db.read([](soci::session& s) { return store::calendar(s); });
  std::vector<Notice> out;
  for (const auto& y : missing_calendar_years(cal, svc.clock.now_ms())) {
    out.push_back(
        {"calendar_missing",
         y + " 年法定节假日安排尚未录入：该年内的办理期限暂按周一至周五、扣除元旦、劳动节、国庆节"
             "计算。请在“节假日日历”中录入或导入国务院办公厅通知。",
         "The official holiday schedule for " + y +
             " has not been entered: deadlines in that year count Monday to Friday less New "
             "Year's Day, Labour Day and National Day until it is. Enter or import the State "
             "Council's notice on the holiday calendar screen.",
         "calendar.manage", "/calendar?year=" + y});
  }
  return out;
}

}  // namespace gridgov::cases
