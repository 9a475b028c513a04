#include "features/cases/demo.hpp"

#include "features/org/buildings.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <random>

#include "features/cases/dispatch_rules.hpp"
#include "features/cases/intake.hpp"
#include "features/cases/steps.hpp"
#include "features/cases/store.hpp"
#include "features/cases/taxonomy.hpp"
#include "features/cases/whistles.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/rows.hpp"

namespace gridgov::cases {
namespace json = boost::json;

namespace {

// The sample street (大智街道) and how many cases its month holds.
constexpr const char* kStreet = "420102002000";
constexpr int kCases = 360;
constexpr Millis kHour = 3600 * 1000;

struct Spot {
  Id id;
  std::string name;
};

// What residents around here report, most often first.
constexpr const char* kCommon[] = {
    "city_appearance.exposed_garbage", "street_order.illegal_parking",    "advertising.small_ads",
    "city_appearance.dirty_road",      "city_appearance.piled_materials",
};

// How far along a case of this age has come: older cases are mostly done.
std::vector<Action> fate(Millis age, std::mt19937& rng) {
  std::vector<Action> full = {Action::kAccept,  Action::kDispatch,   Action::kSign,
                              Action::kHandle,  Action::kVerifyPass, Action::kClose,
                              Action::kEvaluate};
  int days = static_cast<int>(age / kDayMs);
  std::uniform_int_distribution<int> pct(0, 99);
  int roll = pct(rng);
  std::size_t steps = days >= 10  ? (roll < 85   ? 7
                                     : roll < 95 ? 6
                                                 : 4)
                      : days >= 3 ? (roll < 50   ? 7
                                     : roll < 80 ? 4
                                                 : 3)
                                  : (roll < 30   ? 0
                                     : roll < 60 ? 2
                                     : roll < 85 ? 3
                                                 : 4);
  full.resize(steps);
  return full;
}

}  // namespace

Status build_demo(Services& svc, const DemoOptions&) {
  auto street = svc.db.read([](soci::session& s) { return tree::get_by_code(s, kStreet); });
  if (!street) return {};  // a demo without the sample street
  long long existing =
      svc.db.read([&](soci::session& s) { return store::count_below(s, street->path); });
  if (existing > 0) return {};  // loaded before: the demo changes nothing the second time
  // Where the demo's cases happen: the street's buildings, as the org feature has them.
  auto spots =
      svc.db.read([&](soci::session& s) { return org::buildings::named_under(s, *street); });
  if (spots.empty()) return {};
  std::vector<Spot> places;
  for (const auto& [id, name] : spots) places.push_back({id, name});
  std::vector<std::string> all;
  for (const auto& c : categories())
    if (c.active && c.type == "event") all.push_back(c.id);

  std::mt19937 rng(20261122);
  Millis now = svc.clock.now_ms();
  Actor actor = system_actor("demo");
  const std::vector<Part> everyone = {Part::kDispatcher, Part::kSuperior, Part::kAssignee,
                                      Part::kVerifier, Part::kReporter};
  const char* channels[] = {"resident", "resident", "hotline", "patrol"};
  const char* notes[] = {"已到现场处置完毕", "已联系相关单位清理", "已劝导并恢复原状",
                         "已督促物业整改"};
  for (int i = 0; i < kCases; ++i) {
    // A few places keep coming back with the same problem (hotspots).
    bool hot = i % 6 == 0;
    const Spot& at = hot ? places[(i / 6) % 3] : places[rng() % places.size()];
    std::string category = hot         ? kCommon[(i / 6) % 3]
                           : rng() % 2 ? kCommon[rng() % std::size(kCommon)]
                                       : all[rng() % all.size()];
    auto cat = find_category(category);
    Millis created = now - static_cast<Millis>(rng() % (30 * 24)) * kHour - rng() % kHour;
    json::object body{{"channel", "resident"},
                      {"kind", rng() % 4 ? "complaint" : "help"},
                      {"category", category},
                      {"title", at.name + "附近" + (cat ? cat->zh : category)},
                      {"address", at.name},
                      {"building_id", id_to_string(at.id)},
                      {"contact_phone", "139" + std::to_string(10000000 + rng() % 89999999)}};
    auto drafted = draft_case(svc, http::Body::from(std::move(body)), nullptr);
    if (!drafted) continue;  // a building outside every grid
    Case c = std::move(*drafted);
    c.channel = channels[rng() % std::size(channels)];
    c.created_at = c.updated_at = created;
    auto place = svc.db.read([&](soci::session& s) { return tree::get(s, c.node_id); });
    auto assignee = place ? svc.db.read([&](soci::session& s) {
      return dispatch_rules::target(s, *place, c.category);
    })
                          : std::nullopt;
    std::vector<Action> path = fate(now - created, rng);
    Status st = svc.db.write([&](WriteTx& tx) -> Status {
      record_intake(tx, c, actor, created);
      Millis t = created;
      for (Action a : path) {
        t += a == Action::kHandle     ? static_cast<Millis>(6 + rng() % 60) * kHour
             : a == Action::kEvaluate ? static_cast<Millis>(2 + rng() % 30) * kHour
                                      : static_cast<Millis>(1 + rng() % 3) * kHour / 2;
        if (t >= now) break;
        Step step{a};
        if (a == Action::kDispatch) step.assignee = assignee;
        if (a == Action::kHandle) step.note = notes[rng() % std::size(notes)];
        if (a == Action::kEvaluate) {
          step.satisfied = rng() % 100 < 88;
          step.resolved = step.satisfied || rng() % 2;
          step.rating = step.satisfied ? 4 + static_cast<int>(rng() % 2) : 2;
        }
        auto next = next_case(svc, c, step, everyone, t);
        if (!next) break;
        Case after = *next;
        if (auto r = record_step(tx, c, after, step, actor, t); !r) return r;
        c = after;
      }
      // Now and then the community whistles a department serving the place (吹哨),
      // which mostly reports in time and is rated.
      if (i % 8 == 3 && place && c.assignee_id) {
        auto serving = tree::departments_serving(tx.sql, *place);
        if (!serving.empty()) {
          const auto& d = serving[rng() % serving.size()];
          Millis at = created + kHour;
          Whistle w = whistles::make(c, d, 0, "演示调度员", "请协助处置", at, at + 24 * kHour);
          whistles::insert(tx, w);
          store::add_history(tx, c,
                             {0, w.created_at, 0, "demo", "whistle", to_string(c.state),
                              to_string(c.state), d.name + "：" + w.note});
          if (rng() % 10 < 8 && w.created_at + 30 * kHour < now) {
            w.state = "rated";
            w.reported_at = w.created_at + static_cast<Millis>(2 + rng() % 30) * kHour;
            w.overdue = w.reported_at > w.due_at;
            w.report_note = "已派员到场处置";
            w.reporter_name = d.name;
            w.rating = 3 + static_cast<int>(rng() % 3);
            w.rated_at = w.reported_at + kHour;
            whistles::update(tx, w, w.version);
          }
        }
      }
      tx.events().clear();  // history, not news: nothing for the live feed
      return {};
    });
    if (!st) return st;
  }
  return {};
}

}  // namespace gridgov::cases
