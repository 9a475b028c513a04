#pragma once
#include "platform/http/message.hpp"
#include "platform/services.hpp"

namespace gridgov::opendata {
void routes(http::Router& router, Services& svc);
}
