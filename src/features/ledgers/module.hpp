#pragma once
// Ledgers (台账): the Excel and CSV files communities keep, imported all or
// nothing with a report of every wrong cell.
#include "platform/services.hpp"

namespace gridgov::ledgers {
Module module();
}
