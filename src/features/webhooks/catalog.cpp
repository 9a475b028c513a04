#include "features/webhooks/catalog.hpp"

#include <boost/json.hpp>

namespace gridgov::webhooks {

std::optional<Mapped> map_event(const Catalog& catalog, const DomainEvent& e) {
  const EventDecl* decl = catalog.event_of_topic(e.topic);
  if (!decl) return std::nullopt;
  Mapped m;
  m.type = decl->type;
  m.action = e.topic.substr(e.topic.find('.') + 1);
  boost::system::error_code ec;
  auto payload = boost::json::parse(e.json, ec);
  if (ec || !payload.is_object()) return std::nullopt;
  const auto& o = payload.as_object();
  for (const char* key : {"case_id", "id"}) {
    if (auto* v = o.if_contains(key); v && v->is_string()) {
      m.subject = std::string(v->as_string());
      return m;
    }
  }
  return std::nullopt;
}

}  // namespace gridgov::webhooks
