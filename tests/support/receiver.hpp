#pragma once
// A webhook receiver on loopback: a real HTTP server on its own thread that
// records what it is sent and answers with a chosen status. Stopping it
// closes the port (the sender then meets "connection refused").
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gridgov::testing {

struct Received {
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class Receiver {
 public:
  ~Receiver() { stop(); }
  // Listens on `port` (0: any free one); false when it cannot.
  bool start(int port = 0);
  void stop();
  int port() const { return port_; }
  void set_status(int status) { status_ = status; }
  // Keep each connection open for more requests (until 1 s idle), as most servers do.
  void set_keep_alive(bool on) { keep_alive_ = on; }
  int connections() const { return connections_; }
  // Connections the receiver has closed (after its answer, or idle for 1 s).
  int closed() const { return closed_; }
  // Waits until `n` requests have come (or `timeout_ms` passed); returns what came.
  std::vector<Received> wait_for(std::size_t n, int timeout_ms);

 private:
  void loop();
  void serve(int fd);
  // Reads one request from `fd` and answers it; false when none came.
  bool answer(int fd);
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> status_{200};
  std::atomic<bool> keep_alive_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> closed_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Received> received_;
};

}  // namespace gridgov::testing
