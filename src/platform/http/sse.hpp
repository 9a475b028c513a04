#pragma once
// Server-sent events plumbing. Publishers call EventHub::publish from any
// thread; each subscriber has a bounded queue and a filter (usually its scope).
// The HTTP server drains a Subscription onto its connection; features only
// create subscriptions and publish.
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gridgov::http {

struct Event {
  std::string topic;                      // becomes the SSE "event:" field
  std::string node_path;                  // where it happened, for scope filtering
  std::string data;                       // JSON, one line
  long long id = 0;                       // becomes the SSE "id:" field
  std::string read_action = "node.read";  // subscribers need this action at node_path
};

class Subscription {
 public:
  using Filter = std::function<bool(const Event&)>;
  explicit Subscription(Filter filter, std::size_t limit = 1000)
      : filter_(std::move(filter)), limit_(limit) {}
  // `owner`: the account whose session opened the stream (0: none); `valid`:
  // asked at each heartbeat whether the stream may go on (its session's expiry).
  void bind_to(long long owner, std::function<bool()> valid) {
    owner_ = owner;
    valid_ = std::move(valid);
  }
  long long owner() const { return owner_; }
  bool still_valid() const { return !valid_ || valid_(); }

  // Called by the hub. Drops the subscriber's oldest events past the limit
  // (a slow reader cannot make the server hold unbounded memory).
  void offer(const Event& e);
  // Called by the server: takes the text of every pending event.
  std::string drain();
  // The server sets this to wake its connection; called without locks held.
  void set_notify(std::function<void()> notify);
  bool closed() const;
  void close();

 private:
  Filter filter_;
  long long owner_ = 0;
  std::function<bool()> valid_;
  std::size_t limit_;
  mutable std::mutex mutex_;
  std::deque<Event> pending_;
  std::function<void()> notify_;
  bool closed_ = false;
  std::size_t dropped_ = 0;
};

class EventHub {
 public:
  std::shared_ptr<Subscription> subscribe(Subscription::Filter filter, long long owner = 0,
                                          std::function<bool()> valid = {});
  void publish(Event event);
  std::size_t subscribers() const;
  // Ends every stream (used at shutdown).
  void close_all();
  // Ends the streams an account opened: its session ended, it was disabled, its
  // grants changed (a client reconnects, and is checked again, if it still may).
  void close_owner(long long owner);

 private:
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<Subscription>> subs_;
  long long next_id_ = 1;
};

// One event in the SSE wire format.
std::string format_event(const Event& e);

}  // namespace gridgov::http
