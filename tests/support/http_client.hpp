#pragma once
// A deliberately small HTTP/1.1 client over a plain socket, so tests can send
// both well-formed requests and the malformed bytes a hostile client would.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace gridgov::testing {

struct HttpResponse {
  int status = 0;                              // 0 when the connection failed
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  boost::json::value json() const;   // null when the body is not JSON
  boost::json::array items() const;  // the "items" of a list response (a copy)
  std::string header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  explicit HttpClient(int port) : port_(port) {}
  void set_token(std::string token) { token_ = std::move(token); }
  void set_language(std::string lang) { lang_ = std::move(lang); }
  HttpResponse get(const std::string& path) const { return request("GET", path); }
  HttpResponse post(const std::string& path, const std::string& json) const {
    return request("POST", path, json);
  }
  HttpResponse request(const std::string& method, const std::string& path,
                       const std::string& body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
  // Logs in and keeps the token. Returns the login response.
  HttpResponse login(const std::string& username, const std::string& password);

 private:
  int port_;
  std::string token_;
  std::string lang_;
};

// Sends raw bytes and returns everything the server sent back before closing
// (or before `timeout_ms`).
std::string raw_exchange(int port, const std::string& bytes, int timeout_ms = 5000);
// The same, but done as soon as what came back so far satisfies `enough`.
std::string raw_exchange_until(int port, const std::string& bytes,
                               const std::function<bool(const std::string&)>& enough,
                               int timeout_ms = 10000);
HttpResponse parse_response(const std::string& raw);
// Connects, sends `bytes`, then reads until the server closes the connection or
// `wait_ms` passes (a deadline to give up at, not a measurement).
enum class Closed { kRefused, kByServer, kStillOpen };
Closed wait_for_close(int port, const std::string& bytes, int wait_ms,
                      std::string* received = nullptr);

}  // namespace gridgov::testing
