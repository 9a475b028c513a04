#pragma once
// Outgoing HTTP: POSTs to another system (webhook receivers), over http or
// https (certificates checked against the system's CA store), each bounded by
// a timeout end to end. A Connection keeps its socket (and TLS session) open
// between POSTs to the same origin while the receiver allows it, so a run of
// deliveries pays one handshake. Blocking: use from a background thread.
#include <memory>
#include <string>
#include <vector>

#include "platform/http/message.hpp"

namespace gridgov::http {

struct Outcome {
  int status = 0;     // the receiver's HTTP status; 0 when none came
  std::string error;  // why not, when no status came (refused, timed out, TLS…)
  std::string body;   // the first KiB of the answer, for the delivery record
  long long millis = 0;
};

class Connection {
 public:
  explicit Connection(int timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Outcome post(const std::string& url, const std::string& body, const std::vector<Header>& headers);
  int connects() const;  // sockets opened so far (how often the receiver let us reuse one)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One POST on a connection of its own.
Outcome post(const std::string& url, const std::string& body, const std::vector<Header>& headers,
             int timeout_ms);

}  // namespace gridgov::http
