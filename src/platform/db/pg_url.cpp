#include "platform/db/pg_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace gridgov {
namespace {
std::string quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}
}  // namespace

Result<std::string> pg_conninfo(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u || (u->scheme() != "postgresql" && u->scheme() != "postgres")) {
    return Error::invalid("database", "PostgreSQL 地址格式错误", "Malformed PostgreSQL URL");
  }
  std::string out;
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    out += (out.empty() ? "" : " ") + std::string(key) + "=" + quote(value);
  };
  add("host", u->host());
  add("port", std::string(u->port()));
  std::string db = u->path();
  if (!db.empty() && db.front() == '/') db.erase(0, 1);
  add("dbname", db);
  add("user", u->user());
  add("password", u->password());
  for (auto p : u->params()) add(std::string(p.key).c_str(), std::string(p.value));
  return out;
}

}  // namespace gridgov
