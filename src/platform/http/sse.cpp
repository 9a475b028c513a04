#include "platform/http/sse.hpp"

#include <algorithm>

namespace gridgov::http {

void Subscription::offer(const Event& e) {
  if (filter_ && !filter_(e)) return;
  std::function<void()> notify;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    pending_.push_back(e);
    while (pending_.size() > limit_) {
      pending_.pop_front();
      ++dropped_;
    }
    notify = notify_;
  }
  if (notify) notify();
}

std::string Subscription::drain() {
  std::lock_guard lock(mutex_);
  std::string out;
  if (dropped_ > 0) {
    // Tell the client it missed events so it can reload instead of trusting the stream.
    out += "event: overflow\ndata: {\"dropped\":" + std::to_string(dropped_) + "}\n\n";
    dropped_ = 0;
  }
  for (const auto& e : pending_) out += format_event(e);
  pending_.clear();
  return out;
}

void Subscription::set_notify(std::function<void()> notify) {
  std::lock_guard lock(mutex_);
  notify_ = std::move(notify);
}

bool Subscription::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void Subscription::close() {
  std::function<void()> notify;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    notify = notify_;
  }
  if (notify) notify();
}

std::shared_ptr<Subscription> EventHub::subscribe(Subscription::Filter filter, long long owner,
                                                  std::function<bool()> valid) {
  auto sub = std::make_shared<Subscription>(std::move(filter));
  sub->bind_to(owner, std::move(valid));
  std::lock_guard lock(mutex_);
  subs_.erase(std::remove_if(subs_.begin(), subs_.end(), [](auto& w) { return w.expired(); }),
              subs_.end());
  subs_.push_back(sub);
  return sub;
}

void EventHub::publish(Event event) {
  std::vector<std::shared_ptr<Subscription>> live;
  {
    std::lock_guard lock(mutex_);
    event.id = next_id_++;
    for (auto& w : subs_)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->offer(event);
}

std::size_t EventHub::subscribers() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (auto& w : subs_) n += !w.expired();
  return n;
}

void EventHub::close_owner(long long owner) {
  std::vector<std::shared_ptr<Subscription>> theirs;
  {
    std::lock_guard lock(mutex_);
    for (auto& w : subs_)
      if (auto s = w.lock(); s && s->owner() == owner) theirs.push_back(std::move(s));
  }
  for (auto& s : theirs) s->close();
}

void EventHub::close_all() {
  std::vector<std::shared_ptr<Subscription>> live;
  {
    std::lock_guard lock(mutex_);
    for (auto& w : subs_)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->close();
}

std::string format_event(const Event& e) {
  std::string out;
  if (e.id) out += "id: " + std::to_string(e.id) + "\n";
  out += "event: " + e.topic + "\n";
  // Data must not contain raw newlines: each line needs its own "data:" prefix.
  std::size_t start = 0;
  while (true) {
    std::size_t nl = e.data.find('\n', start);
    out += "data: " + e.data.substr(start, nl == std::string::npos ? nl : nl - start) + "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  out += "\n";
  return out;
}

}  // namespace gridgov::http
