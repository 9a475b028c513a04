#pragma once
// A real `gridgov serve` child process on a free loopback port, on the test
// database; plus running other `gridgov` subcommands against the same database.
#include <string>
#include <vector>

namespace gridgov::testing {

int free_port();
// Flags pointing the binary at the data the setup script installs (absolute paths).
std::vector<std::string> data_flags();
// Runs the gridgov binary with `args` as given; returns the exit code.
int run_binary(const std::vector<std::string>& args, std::string* out);

class ServerProcess {
 public:
  ServerProcess(std::string database_url, std::vector<std::string> extra_flags = {});
  ~ServerProcess();
  // Starts and waits until /healthz answers; false when it never does.
  bool start();
  void kill_hard();  // SIGKILL, no chance to clean up
  int terminate();   // SIGTERM, returns the exit status
  bool running() const { return pid_ > 0; }
  // The process started by start() is still the one running (it has not exited).
  bool alive() const;
  int port() const { return port_; }
  const std::string& log_path() const { return log_; }
  // The web root the server was started with (empty until a test fills it).
  std::string web_root() const { return dir_ + "/web"; }
  // The personal-data key it seals with (made on first start when missing).
  std::string key_file() const { return dir_ + "/privacy.key"; }
  std::string log() const;
  // Runs `gridgov ARGS --database URL`, returns the exit code; output in `out`.
  int run(const std::vector<std::string>& args, std::string* out = nullptr,
          const std::string& stdin_text = {}) const;

 private:
  std::vector<std::string> clock_args() const;
  std::string url_;
  std::vector<std::string> flags_;
  std::string dir_;
  std::string log_;
  int port_ = 0;
  int pid_ = 0;
};

}  // namespace gridgov::testing
