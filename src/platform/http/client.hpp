#pragma once
// Outgoing HTTP: one POST to another system (webhook receivers), over http or
// https (certificates checked against the system's CA store), bounded by a
// timeout end to end. Blocking: call it from a background thread.
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

Outcome post(const std::string& url, const std::string& body, const std::vector<Header>& headers,
             int timeout_ms);

}  // namespace gridgov::http
