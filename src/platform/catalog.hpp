#pragma once
// What the features declare in their manifests for others to use: the events
// other systems may subscribe to (the webhook catalogue), the spreadsheets
// their lists download as (each with its own column headings and words) and
// the figures the dashboard shows for a place. The
// runtime fills one Catalog from every manifest; a second declaration of the
// same name stops the server at start.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace gridgov {

// An event a subscriber may ask for, and the domain topics (DomainEvent::topic,
// emitted by the feature's commands) that are it. The topic's payload names its
// subject ("case_id", else "id"): a subscriber gets one subject's events in order.
struct EventDecl {
  std::string type;  // "case.status_changed"
  std::string zh, en;
  std::vector<std::string> topics;  // "case.accept", "case.dispatch", …
};

using Labels = std::vector<std::pair<std::string, std::string>>;

// A list's download: the file's name and, for this list alone, the headings of
// its item keys and the words of their values (a few headings every list shares
// — id, name, code, times — come from the platform unless the export names them).
struct ExportDecl {
  std::string id;                        // "cases.list"
  std::string file;                      // "案件列表"
  Labels columns;                        // "code" → "案件编号"
  std::map<std::string, Labels> values;  // "urgency": "urgent" → "紧急"
};

// A figure the dashboard shows for a place beside the loop's own: counted by
// the feature that owns what it counts, shown to callers holding `action` there.
struct FigureDecl {
  std::string code;      // "registry.residents"
  std::string zh, en;    // "实有人口", "Residents"
  std::string action;    // "person.read"
  bool trouble = false;  // more is worse (visits overdue): marked when above zero
  // At and below the place whose node path is given, at `now` (ms since the epoch).
  long long (*count)(soci::session& sql, const std::string& node_path, long long now) = nullptr;
};

class Catalog {
 public:
  // Throws std::logic_error on a name declared twice (a programming error).
  void add_events(const std::vector<EventDecl>& events);
  void add_exports(const std::vector<ExportDecl>& exports);
  void add_figures(const std::vector<FigureDecl>& figures);

  const std::vector<EventDecl>& events() const { return events_; }
  bool known_event(std::string_view type) const;
  // The event a topic is, or nullptr when subscribers are never told of it.
  const EventDecl* event_of_topic(std::string_view topic) const;
  // Throws std::logic_error when `id` was never declared.
  const ExportDecl& export_decl(const std::string& id) const;
  const std::vector<ExportDecl>& exports() const { return exports_; }
  const std::vector<FigureDecl>& figures() const { return figures_; }

 private:
  std::vector<EventDecl> events_;
  std::map<std::string, std::size_t, std::less<>> by_topic_;
  std::vector<ExportDecl> exports_;
  std::vector<FigureDecl> figures_;
};

}  // namespace gridgov
