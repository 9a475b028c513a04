#pragma once
// SOCI rewrites its PostgreSQL connect string as key=value pairs, which
// mangles libpq URIs; so a postgresql:// URL is turned into libpq's
// keyword/value form here.
#include <string>

#include "platform/core/error.hpp"

namespace gridgov {

// "postgresql://u:p@h:5432/db?sslmode=require" → "host='h' port='5432' dbname='db' user='u'
// password='p' sslmode='require'". Percent-escapes are decoded; values quoted.
Result<std::string> pg_conninfo(const std::string& url);

}  // namespace gridgov
