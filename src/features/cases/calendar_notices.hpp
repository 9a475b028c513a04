#pragma once
// A year whose official holiday schedule is not entered makes every deadline
// in it provisional: the years missing now, and the notice administrators see.
#include <string>
#include <vector>

#include "features/cases/calendar.hpp"
#include "platform/services.hpp"

namespace gridgov::cases {

// The current year when not entered, and from 1 December the next one too.
std::vector<std::string> missing_calendar_years(const Calendar& cal, Millis now);

// The module's notices: one per missing year.
std::vector<Notice> calendar_notices(Services& svc);

}  // namespace gridgov::cases
