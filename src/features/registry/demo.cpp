// The demo's residents: synthetic people (never real ones) in the houses of the
// sample street — plausible names, ages, households, key groups and rentals —
// so every screen has something to show.
#include "features/registry/demo.hpp"

#include <soci/soci.h>

#include <cstdio>

#include "features/org/buildings.hpp"
#include "features/org/demo.hpp"
#include "features/registry/identity.hpp"
#include "features/registry/rental.hpp"
#include "features/registry/store.hpp"
#include "platform/auth/audit.hpp"
#include "platform/privacy/vault.hpp"
#include "platform/text/pinyin.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::registry {
namespace {

const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                           "徐", "孙", "马", "胡", "朱", "郭", "何", "罗", "高", "林"};
const char* kGivenMale[] = {"建国", "志强", "国庆", "伟", "军", "磊", "勇", "晓东", "浩然", "子轩"};
const char* kGivenFemale[] = {"秀英", "桂兰", "丽娟", "海燕", "红梅",
                              "芳",   "静",   "敏",   "欣怡", "梓涵"};

// A stable pseudo-random number per house and salt: the demo is the same every run.
unsigned mix(Id id, unsigned salt) {
  unsigned long long h = static_cast<unsigned long long>(id) * 0x9E3779B97F4A7C15ULL + salt;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  return static_cast<unsigned>(h >> 29);
}

// A valid synthetic identity number: the district's code, a birth date, a sequence.
std::string identity_for(const std::string& district, int year, int month, int day, int seq,
                         bool male) {
  char first17[18];
  int order = (seq % 500) * 2 + (male ? 1 : 0);
  std::snprintf(first17, sizeof first17, "%s%04d%02d%02d%03d", district.c_str(), year, month, day,
                order % 1000);
  return std::string(first17) + identity_check_char(first17);
}

}  // namespace

Status build_demo(Services& svc, const DemoOptions& options) {
  auto sample = org::demo_sample(svc.db, options.city);
  if (!sample) return sample.error();
  long long existing =
      svc.db.read([&](soci::session& s) { return residents_below(s, sample->street.path, 0); });
  if (existing > 0) return {};  // once
  auto buildings = svc.db.read(
      [&](soci::session& s) { return tree::subtree(s, sample->street, "building", 100000, ""); });
  Millis now = svc.clock.now_ms();
  RentalRules rules = rental_rules(svc.config);
  int people = 0, seq = 0;
  for (std::size_t b = 0; b < buildings.size(); ++b) {
    const auto& building = buildings[b];
    auto houses = svc.db.read(
        [&](soci::session& s) { return org::buildings::houses(s, building.id, 1000, 0); });
    Status st = svc.db.write([&](WriteTx& tx) -> Status {
      for (const auto& h : houses) {
        unsigned r = mix(h.id, 1);
        if (r % 100 < 8) continue;  // vacant
        bool rented = r % 100 >= 80;
        set_house_use(tx, h.id, building.id, building.path, rented ? "rented" : "owner_occupied",
                      1 + static_cast<int>(r % 3), 0, now);
        int size = rented ? 1 + static_cast<int>((r >> 8) % 4) : 1 + static_cast<int>((r >> 8) % 4);
        Id household = 0;
        for (int i = 0; i < size; ++i) {
          unsigned q = mix(h.id, 10 + static_cast<unsigned>(i));
          bool male = q % 2 == 0;
          int age = i == 0 ? 30 + static_cast<int>(q % 55) : static_cast<int>(q % 80);
          Person p;
          p.id = new_id();
          p.name = std::string(kSurnames[(r >> 4) % 20]) +
                   (male ? kGivenMale[(q >> 3) % 10] : kGivenFemale[(q >> 3) % 10]);
          // Month, day and order come from a running number: every number differs (to
          // 168,000 people), as the unique index on identity numbers demands.
          ++seq;
          std::string id = identity_for(building.district_code, 2026 - age, 1 + (seq / 500) % 12,
                                        1 + (seq / 6000) % 28, seq, male);
          p.identity_sealed = svc.vault.seal(id);
          p.identity_mask = privacy::mask_identity(id);
          p.identity_index = svc.vault.blind("identity", id);
          p.sex = male ? "M" : "F";
          p.birth_date = id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2);
          char phone[16];
          std::snprintf(phone, sizeof phone, "13%09u",
                        (q * 7919u + static_cast<unsigned>(seq)) % 1000000000u);
          p.phone_sealed = svc.vault.seal(phone);
          p.phone_mask = privacy::mask_phone(phone);
          p.phone_index = svc.vault.blind("phone", phone);
          p.phone_tail = std::string(phone).substr(7);
          p.relation = i == 0 ? "head" : rented ? "tenant" : (i == 1 ? "spouse" : "child");
          p.residence = rented && q % 3 == 0 ? "resident" : "both";
          p.party_member = q % 10 == 0;
          p.tags = ",";
          if (age >= 70 && size == 1) p.tags += "elderly_alone,";
          if (q % 40 == 1) p.tags += "disabled,";
          if (q % 30 == 2) p.tags += "low_income,";
          if (male && age >= 40 && q % 25 == 3) p.tags += "veteran,";
          p.node_path = building.path;
          p.district_code = building.district_code;
          p.building_id = building.id;
          p.house_id = h.id;
          p.house_label = building.name + " " + h.label;
          p.initials = pinyin::initials(p.name).primary;
          p.created_at = p.updated_at = now;
          if (i == 0) household = create_household(tx, p, now);
          p.household_id = household;
          insert(tx, p);
          ++people;
        }
        if (rented) regrade(tx, h.id, rules, now);
      }
      return {};
    });
    if (!st) return st;
    std::fprintf(stderr, "\r  居民 residents: %zu/%zu buildings, %d people", b + 1,
                 buildings.size(), people);
  }
  std::fprintf(stderr, "\n");
  return svc.db.write([&](WriteTx& tx) -> Status {
    audit::append(tx, system_actor("demo"),
                  {"demo.residents", "node", id_to_string(sample->street.id), sample->street.path,
                   sample->street.district_code, "{\"people\":" + std::to_string(people) + "}"},
                  now);
    return {};
  });
}

}  // namespace gridgov::registry
