#pragma once
// Runs the features' periodic jobs (the overdue sweep…) on one background
// thread while the server runs. A failing job (an Error or an exception) is
// logged and counted (platform/guarded.hpp) and tried again after its interval,
// doubled for each failure in a row up to ten minutes; stop() waits for a
// running job to finish.
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "platform/services.hpp"

namespace gridgov {

class JobRunner {
 public:
  JobRunner(Services& services, std::vector<Job> jobs);
  ~JobRunner();
  void start();
  void stop();

 private:
  void loop();
  Services& services_;
  std::vector<Job> jobs_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gridgov
