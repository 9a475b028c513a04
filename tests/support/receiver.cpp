#include "support/receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace gridgov::testing {

bool Receiver::start(int port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
    return false;
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
  return true;
}

void Receiver::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
}

void Receiver::loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd >= 0) serve(fd);
  }
}

void Receiver::serve(int fd) {
  ++connections_;
  while (answer(fd) && keep_alive_) {
  }
  ::close(fd);
  ++closed_;
}

bool Receiver::answer(int fd) {
  std::string data;
  char buf[8192];
  std::size_t header_end = std::string::npos, length = 0;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 1000) <= 0) break;
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (header_end == std::string::npos &&
        (header_end = data.find("\r\n\r\n")) != std::string::npos) {
      std::string lower = data.substr(0, header_end);
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      auto at = lower.find("content-length:");
      if (at != std::string::npos) length = std::stoul(lower.substr(at + 15));
    }
    if (header_end != std::string::npos && data.size() >= header_end + 4 + length) break;
  }
  if (header_end == std::string::npos) return false;
  Received r;
  {
    std::size_t line = data.find("\r\n");
    while (line < header_end) {
      std::size_t next = data.find("\r\n", line + 2);
      std::string h = data.substr(line + 2, next - line - 2);
      auto colon = h.find(':');
      if (colon != std::string::npos) {
        std::string name = h.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        r.headers[name] = h.substr(h.find_first_not_of(' ', colon + 1));
      }
      line = next;
    }
    r.body = data.substr(header_end + 4, length);
  }
  int status = status_;
  std::string reply = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 2\r\n" +
                      (keep_alive_ ? "" : "Connection: close\r\n") + "\r\nok";
  (void)!::write(fd, reply.data(), reply.size());
  std::lock_guard lock(mutex_);
  received_.push_back(std::move(r));
  cv_.notify_all();
  return true;
}

std::vector<Received> Receiver::wait_for(std::size_t n, int timeout_ms) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return received_.size() >= n; });
  return received_;
}

}  // namespace gridgov::testing
