#include "platform/catalog.hpp"

#include <stdexcept>

namespace gridgov {

void Catalog::add_events(const std::vector<EventDecl>& events) {
  for (const auto& e : events) {
    if (known_event(e.type)) throw std::logic_error("event declared twice: " + e.type);
    events_.push_back(e);
  }
  // Rebuilt from scratch: events_ may have moved, the indexes stay valid.
  by_topic_.clear();
  for (std::size_t i = 0; i < events_.size(); ++i)
    for (const auto& topic : events_[i].topics)
      if (!by_topic_.emplace(topic, i).second)
        throw std::logic_error("topic in two events: " + topic);
}

void Catalog::add_exports(const std::vector<ExportDecl>& exports) {
  for (const auto& x : exports) {
    for (const auto& have : exports_)
      if (have.id == x.id) throw std::logic_error("export declared twice: " + x.id);
    exports_.push_back(x);
  }
}

void Catalog::add_figures(const std::vector<FigureDecl>& figures) {
  for (const auto& f : figures) {
    if (!f.count) throw std::logic_error("figure without a count: " + f.code);
    for (const auto& have : figures_)
      if (have.code == f.code) throw std::logic_error("figure declared twice: " + f.code);
    figures_.push_back(f);
  }
}

bool Catalog::known_event(std::string_view type) const {
  for (const auto& e : events_)
    if (e.type == type) return true;
  return false;
}

const EventDecl* Catalog::event_of_topic(std::string_view topic) const {
  auto it = by_topic_.find(topic);
  return it == by_topic_.end() ? nullptr : &events_[it->second];
}

const ExportDecl& Catalog::export_decl(const std::string& id) const {
  for (const auto& x : exports_)
    if (x.id == id) return x;
  throw std::logic_error("export not declared in any manifest: " + id);
}

}  // namespace gridgov
