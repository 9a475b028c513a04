#pragma once
// Webhooks: client systems subscribe to the city's case events and receive
// them signed, in order per case, retried until their receiver is back.
#include "platform/services.hpp"

namespace gridgov::webhooks {
Module module();
}
