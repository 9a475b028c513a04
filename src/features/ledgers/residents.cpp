// The residents ledger (实有人口台账): people in their houses, grouped into
// households by house and relation to the head, every field checked by the
// same function as POST /api/v1/persons.
#include <soci/soci.h>

#include <boost/json.hpp>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "features/ledgers/checks.hpp"
#include "features/ledgers/kinds.hpp"
#include "features/ledgers/places.hpp"
#include "features/registry/people.hpp"
#include "features/registry/registry.hpp"
#include "features/registry/rental.hpp"
#include "features/registry/visits.hpp"
#include "platform/db/rows.hpp"
#include "platform/text/text.hpp"

namespace gridgov::ledgers {
namespace json = boost::json;
using registry::Person;

namespace {

// The people of one house in the file.
struct HouseRows {
  Id household = 0;                 // the household living there now (0: none)
  std::vector<std::size_t> people;  // into ResidentsPlan::people, head first when new
  bool rented = false;
};

class ResidentsPlan : public Plan {
 public:
  std::vector<Person> people;
  std::vector<int> lines;  // each person's row
  std::map<Id, HouseRows> houses;
  Context* ctx = nullptr;

  long rows() const override { return static_cast<long>(people.size()); }
  Status write(WriteTx& tx, Progress& progress, const std::atomic<bool>& stopping) override {
    auto rules = registry::rental_rules(ctx->svc.config);
    for (auto& [house_id, h] : houses) {
      if (stopping)
        return Error::unavailable("服务正在停止，导入已撤销",
                                  "The server is stopping; the import was undone");
      Id household = h.household;
      for (std::size_t i : h.people) {
        Person& p = people[i];
        if (!household) {
          p.relation = "head";
          household = registry::create_household(tx, p, ctx->now);
        }
        p.household_id = household;
        registry::insert(tx, p);
      }
      if (h.rented) registry::regrade(tx, house_id, rules, ctx->now);
      progress.written += static_cast<long>(h.people.size());
    }
    return {};
  }
};

// "独居老人、退役军人" → ["elderly_alone", "veteran"]; names not known kept as given
// (the person check accepts lowercase identifiers and refuses the rest).
json::array tags_of(std::string_view cell, const std::map<std::string, std::string>& groups) {
  json::array out;
  std::string part;
  auto flush = [&] {
    std::string t = text::trim(part);
    part.clear();
    if (t.empty()) return;
    auto it = groups.find(t);
    out.push_back(json::string(it != groups.end() ? it->second : t));
  };
  for (std::size_t i = 0; i < cell.size();) {
    // Separators: 、 ， ； , ;
    if (cell.substr(i).starts_with("、") || cell.substr(i).starts_with("，") ||
        cell.substr(i).starts_with("；")) {
      flush();
      i += 3;
    } else if (cell[i] == ',' || cell[i] == ';') {
      flush();
      ++i;
    } else {
      part += cell[i++];
    }
  }
  flush();
  return out;
}

}  // namespace

std::unique_ptr<Plan> check_residents(Context& ctx, table::Reader& rows, const Header& header,
                                      Errors& errors, Progress& progress) {
  auto plan = std::make_unique<ResidentsPlan>();
  plan->ctx = &ctx;
  Places places(ctx);
  std::map<std::string, std::string> groups;  // key group name or id → id
  for (const auto& g : ctx.svc.db.read([](soci::session& s) { return registry::key_groups(s); })) {
    groups[g.zh] = g.id;
    groups[g.id] = g.id;
  }
  std::unordered_map<std::string, int> identities;  // blind index → row
  std::map<Id, int> head_row;                       // house → the row naming its head
  each_row(ctx, rows, header, errors, progress, [&](int line, const auto& row) -> Status {
    auto at = places.locate(header, row);
    if (!at) return at.error();
    json::object o;
    for (const char* field : {"name", "identity_number", "phone", "sex", "birth_date"}) {
      std::string v = text::trim(header.get(row, field));
      if (!v.empty() || std::string_view(field) == "name") o[field] = v;
    }
    for (auto [field, list] : {std::pair{"relation", &registry::relations()},
                               std::pair{"residence", &registry::residences()}}) {
      std::string_view v = header.get(row, field);
      if (v.empty()) continue;
      std::string id = choice(*list, text::trim(v));
      o[field] = id.empty() ? std::string(v) : id;  // the person check names the bad value
    }
    auto party = yes_no(text::trim(header.get(row, "party_member")));
    if (!party)
      return Error::invalid("party_member", "党员须填 是 或 否", "party_member: yes or no");
    o["party_member"] = *party;
    if (auto tags = header.get(row, "tags"); !tags.empty()) o["tags"] = tags_of(tags, groups);
    auto p = registry::person_fields(ctx.svc, http::Body::from(std::move(o)), ctx.today);
    if (!p) return p.error();
    if (!p->identity_index.empty()) {
      if (auto [it, fresh] = identities.emplace(p->identity_index, line); !fresh) {
        return Error::invalid("identity_number",
                              "与第 " + std::to_string(it->second) + " 行身份证号码重复",
                              "The same identity number as row " + std::to_string(it->second));
      }
    }
    if (p->relation == "head") {
      if (auto [it, fresh] = head_row.emplace(at->house.id, line); !fresh) {
        return Error::invalid(
            "relation",
            "同一房屋只能有一位户主（第 " + std::to_string(it->second) + " 行已是户主）",
            "One head per house (row " + std::to_string(it->second) + " already is)");
      }
    }
    registry::place(*p, *at->building, at->house);
    p->created_at = p->updated_at = ctx.now;
    plan->houses[at->house.id].people.push_back(plan->people.size());
    plan->people.push_back(std::move(*p));
    plan->lines.push_back(line);
    return {};
  });
  // Against what is already registered: identity numbers, households, rentals —
  // for the rows that passed, whatever the others hold, so a report lists every
  // problem of every row at once.
  std::vector<std::string> indexes;
  std::unordered_map<std::string, std::size_t> person_of;
  for (std::size_t i = 0; i < plan->people.size(); ++i) {
    if (plan->people[i].identity_index.empty()) continue;
    indexes.push_back(plan->people[i].identity_index);
    person_of[plan->people[i].identity_index] = i;
  }
  std::vector<Id> house_ids;
  for (const auto& [id, h] : plan->houses) house_ids.push_back(id);
  ctx.svc.db.read([&](soci::session& s) {
    for (const auto& [t, where] : registry::registered_identities(s, indexes)) {
      std::size_t i = person_of[t];
      // Registered where the importer may look: say so; elsewhere, say only that it
      // cannot be registered here (whether it exists elsewhere is not theirs to know).
      if (ctx.may(where))
        errors.push_back({plan->lines[i], header.name("identity_number"), "该身份证号码已登记",
                          "This identity number is already registered"});
      else
        errors.push_back({plan->lines[i], header.name("identity_number"),
                          "该身份证号码无法在此登记，请与社区核实",
                          "This identity number cannot be registered here; check with the "
                          "community"});
    }
    for (auto [house, household] : registry::current_households(s, house_ids))
      plan->houses[house].household = household;
    for (Id r : registry::rented_houses(s, house_ids)) plan->houses[r].rented = true;
    return 0;
  });
  for (auto& [id, h] : plan->houses) {
    auto head = std::find_if(h.people.begin(), h.people.end(),
                             [&](std::size_t i) { return plan->people[i].relation == "head"; });
    if (h.household && head != h.people.end()) {
      errors.push_back({plan->lines[*head], header.name("relation"), "该房屋已有户主",
                        "The household living there already has a head"});
    } else if (head != h.people.end()) {
      std::rotate(h.people.begin(), head, head + 1);  // the head founds the household
    }
  }
  std::sort(errors.begin(), errors.end(),
            [](const auto& a, const auto& b) { return a.row < b.row; });
  return plan;
}

}  // namespace gridgov::ledgers
