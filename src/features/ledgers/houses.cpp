// The houses ledger: what each house is used for (自住/出租/空置/商用) and its
// rooms, as PUT /api/v1/houses/{id}/use sets them; rentals regraded.
#include <soci/soci.h>

#include <set>

#include "features/ledgers/checks.hpp"
#include "features/ledgers/kinds.hpp"
#include "features/ledgers/places.hpp"
#include "features/registry/registry.hpp"
#include "features/registry/rental.hpp"
#include "platform/text/text.hpp"

namespace gridgov::ledgers {
namespace {

struct HouseUse {
  Id house_id, building_id;
  std::string path, use;
  int rooms;
};

class HousesPlan : public Plan {
 public:
  std::vector<HouseUse> uses;
  Context* ctx = nullptr;
  long rows() const override { return static_cast<long>(uses.size()); }
  Status write(WriteTx& tx, Progress& progress, const std::atomic<bool>& stopping) override {
    auto rules = registry::rental_rules(ctx->svc.config);
    Id by = ctx->who ? ctx->who->account_id : 0;
    for (const auto& u : uses) {
      if (stopping)
        return Error::unavailable("服务正在停止，导入已撤销",
                                  "The server is stopping; the import was undone");
      registry::set_house_use(tx, u.house_id, u.building_id, u.path, u.use, u.rooms, by, ctx->now);
      registry::regrade(tx, u.house_id, rules, ctx->now);
      ++progress.written;
    }
    return {};
  }
};

}  // namespace

std::unique_ptr<Plan> check_houses(Context& ctx, table::Reader& rows, const Header& header,
                                   Errors& errors, Progress& progress) {
  auto plan = std::make_unique<HousesPlan>();
  plan->ctx = &ctx;
  Places places(ctx);
  std::map<Id, int> seen;  // house → the row that named it
  each_row(ctx, rows, header, errors, progress, [&](int line, const auto& row) -> Status {
    auto at = places.locate(header, row);
    if (!at) return at.error();
    std::string use = choice(registry::house_uses(), header.get(row, "use"));
    if (use.empty()) {
      return Error::invalid("use", "房屋用途须为 自住/出租/空置/商用",
                            "use: owner_occupied, rented, vacant or commercial");
    }
    std::string_view rooms_text = header.get(row, "rooms");
    int rooms = 1;
    if (!rooms_text.empty()) {
      rooms = text::all_digits(rooms_text) && rooms_text.size() <= 2
                  ? std::atoi(std::string(rooms_text).c_str())
                  : 0;
      if (rooms < 1 || rooms > 50)
        return Error::invalid("rooms", "房间数须为 1–50 的整数", "rooms: a whole number 1–50");
    }
    if (auto [it, fresh] = seen.emplace(at->house.id, line); !fresh) {
      return Error::invalid("house", "与第 " + std::to_string(it->second) + " 行是同一房屋",
                            "The same house as row " + std::to_string(it->second));
    }
    plan->uses.push_back({at->house.id, at->building->id, at->building->path, use, rooms});
    return {};
  });
  return plan;
}

}  // namespace gridgov::ledgers
