#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <boost/json.hpp>
#include <chrono>

namespace gridgov::testing {

namespace {
int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

std::string read_until_close(int fd, int timeout_ms,
                             const std::function<bool(const std::string&)>& enough = {}) {
  std::string out;
  char buf[65536];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                    deadline - std::chrono::steady_clock::now())
                                    .count());
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, left) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (enough && enough(out)) break;
  }
  return out;
}
}  // namespace

boost::json::value HttpResponse::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return ec ? boost::json::value() : v;
}

boost::json::array HttpResponse::items() const {
  auto v = json();
  if (!v.is_object()) return {};
  auto* items = v.as_object().if_contains("items");
  return items && items->is_array() ? items->as_array() : boost::json::array();
}

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

HttpResponse parse_response(const std::string& raw) {
  HttpResponse r;
  std::size_t pos = 0;
  // Skip interim 100 Continue responses.
  while (raw.compare(pos, 12, "HTTP/1.1 100") == 0) {
    std::size_t end = raw.find("\r\n\r\n", pos);
    if (end == std::string::npos) return r;
    pos = end + 4;
  }
  std::size_t head_end = raw.find("\r\n\r\n", pos);
  if (head_end == std::string::npos || raw.size() < pos + 12) return r;
  r.status = std::atoi(raw.substr(pos + 9, 3).c_str());
  std::size_t line = raw.find("\r\n", pos) + 2;
  while (line < head_end) {
    std::size_t eol = raw.find("\r\n", line);
    std::string h = raw.substr(line, eol - line);
    std::size_t colon = h.find(':');
    if (colon != std::string::npos) {
      std::string name = h.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(c));
      std::string value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[name] = value;
    }
    line = eol + 2;
  }
  r.body = raw.substr(head_end + 4);
  return r;
}

HttpResponse HttpClient::request(
    const std::string& method, const std::string& path, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) const {
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  bool has_type = false;
  for (const auto& [k, v] : headers) {
    req += k + ": " + v + "\r\n";
    has_type |= k == "Content-Type";
  }
  if (!token_.empty()) req += "Authorization: Bearer " + token_ + "\r\n";
  if (!lang_.empty()) req += "Accept-Language: " + lang_ + "\r\n";
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
    if (!has_type) req += "Content-Type: application/json\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  return parse_response(raw_exchange(port_, req, 30000));
}

HttpResponse HttpClient::login(const std::string& username, const std::string& password) {
  token_.clear();
  boost::json::object o{{"username", username}, {"password", password}};
  auto r = post("/api/v1/auth/login", boost::json::serialize(o));
  auto j = r.json();
  if (r.status == 200 && j.is_object()) token_ = std::string(j.at("token").as_string());
  return r;
}

std::string raw_exchange(int port, const std::string& bytes, int timeout_ms) {
  int fd = connect_to(port);
  if (fd < 0) return {};
  send_all(fd, bytes);
  std::string out = read_until_close(fd, timeout_ms);
  ::close(fd);
  return out;
}

std::string raw_exchange_until(int port, const std::string& bytes,
                               const std::function<bool(const std::string&)>& enough,
                               int timeout_ms) {
  int fd = connect_to(port);
  if (fd < 0) return {};
  send_all(fd, bytes);
  std::string out = read_until_close(fd, timeout_ms, enough);
  ::close(fd);
  return out;
}

Closed wait_for_close(int port, const std::string& bytes, int wait_ms, std::string* received) {
  int fd = connect_to(port);
  if (fd < 0) return Closed::kRefused;
  send_all(fd, bytes);
  std::string got = read_until_close(fd, wait_ms);
  if (received) *received = got;
  // Still open? A zero-byte peek that would block means yes.
  pollfd p{fd, POLLIN, 0};
  bool closed = ::poll(&p, 1, 0) > 0;
  char c;
  if (closed) closed = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
  ::close(fd);
  return closed ? Closed::kByServer : Closed::kStillOpen;
}

}  // namespace gridgov::testing
