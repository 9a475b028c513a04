#pragma once
// The HTTP/1.1 server (Boost.Beast, C++20 coroutines), one io_context per I/O
// thread; a single acceptor hands connections round-robin to them. Handlers run
// on a bounded worker pool so blocking database work never stalls an I/O thread.
// This header stays free of Beast and Asio; only server.cpp includes them.
#include <functional>
#include <memory>
#include <string>

#include "platform/core/error.hpp"
#include "platform/http/pipeline.hpp"

namespace gridgov::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;  // 0 = hardware concurrency
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_upload_bytes = 10 * 1024 * 1024;  // image/* (and sheets from strangers)
  std::size_t max_sheet_bytes = 256 * 1024 * 1024;  // text/csv, xlsx from signed-in callers
  int header_timeout_ms = 10000;
  int request_timeout_ms = 30000;
  int idle_timeout_ms = 60000;
  int max_connections = 10000;
  int workers = 8;         // GET/HEAD handlers: short, CPU-bound
  int write_workers = 32;  // other methods: mostly waiting for the group commit
  int queue_limit = 4096;
  int shutdown_grace_ms = 10000;
};

class Server {
 public:
  Server(ServerOptions options, const Pipeline& pipeline);
  ~Server();

  // Binds the listening sockets. Returns the bound port (useful with port 0).
  Result<int> listen();
  // Serves until stop() or SIGTERM/SIGINT, then drains: stops accepting,
  // lets in-flight requests finish (up to the grace period), closes idle
  // connections, joins the worker pool. Calls `on_drained` before returning.
  void run(const std::function<void()>& on_drained);
  // Thread-safe, idempotent.
  void stop();
  bool draining() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridgov::http
