#include "features/registry/people.hpp"

#include <boost/json.hpp>

#include "features/registry/identity.hpp"
#include "platform/privacy/vault.hpp"
#include "platform/text/pinyin.hpp"

namespace gridgov::registry {
namespace json = boost::json;

const Choices& relations() {
  static const Choices r = {{"head", "户主"},   {"spouse", "配偶"},     {"child", "子女"},
                            {"parent", "父母"}, {"grandchild", "孙辈"}, {"sibling", "兄弟姐妹"},
                            {"tenant", "租户"}, {"other", "其他"}};
  return r;
}

const Choices& residences() {
  static const Choices r = {
      {"both", "人户一致"}, {"registered", "户在人不在"}, {"resident", "人在户不在"}};
  return r;
}

Result<Person> person_fields(const Services& svc, const http::Body& body,
                             const std::string& today) {
  Person p;
  auto name = body.text("name", {.max_chars = 32});
  if (!name) return name.error();
  p.name = *name;
  if (body.has("identity_number")) {
    auto raw = body.text("identity_number", {.max_chars = 24});
    if (!raw) return raw.error();
    auto id = parse_identity(*raw, today);
    if (!id) return id.error();
    p.identity_sealed = svc.vault.seal(id->number);
    p.identity_mask = privacy::mask_identity(id->number);
    p.identity_index = svc.vault.blind("identity", id->number);
    p.sex = std::string(1, id->sex);
    p.birth_date = id->birth_date;
  }
  // Without an identity number, sex and birth date may be given; with one they
  // must agree with it.
  if (body.has("sex")) {
    auto sex = body.text("sex", {.max_chars = 4});
    if (!sex) return sex.error();
    std::string s = *sex == "男" ? "M" : *sex == "女" ? "F" : *sex;
    if (s != "M" && s != "F")
      return Error::invalid("sex", "性别须为 男/女（M/F）", "sex must be M or F (男/女)");
    if (!p.sex.empty() && p.sex != s)
      return Error::invalid("sex", "性别与身份证号码不符",
                            "sex disagrees with the identity number");
    p.sex = s;
  }
  if (body.has("birth_date")) {
    auto raw = body.text("birth_date", {.max_chars = 10});
    if (!raw) return raw.error();
    auto date = parse_birth_date(*raw, today);
    if (!date) return date.error();
    if (!p.birth_date.empty() && p.birth_date != *date) {
      return Error::invalid("birth_date", "出生日期与身份证号码不符",
                            "birth_date disagrees with the identity number");
    }
    p.birth_date = *date;
  }
  if (body.has("phone")) {
    auto raw = body.text("phone", {.max_chars = 20});
    if (!raw) return raw.error();
    auto phone = normalize_phone(*raw);
    if (!phone) return phone.error();
    p.phone_sealed = svc.vault.seal(*phone);
    p.phone_mask = privacy::mask_phone(*phone);
    p.phone_index = svc.vault.blind("phone", *phone);
    p.phone_tail = phone->substr(phone->size() - 4);
  }
  for (auto [key, out, list] : {std::tuple{"relation", &p.relation, &relations()},
                                std::tuple{"residence", &p.residence, &residences()}}) {
    auto v = body.text(key, {.required = false, .max_chars = 20});
    if (!v) return v.error();
    *out = v->empty() ? (std::string(key) == "relation" ? "other" : "both") : *v;
    if (auto st = http::check_choice(*list, *out, key); !st) return st.error();
  }
  auto party = body.boolean("party_member", false);
  if (!party) return party.error();
  p.party_member = party->value_or(false);
  p.tags = ",";
  if (const auto* tags = body.object().if_contains("tags")) {
    bool ok = tags->is_array() && tags->as_array().size() <= 20;
    for (const auto& t : ok ? tags->as_array() : json::array{}) {
      std::string tag = t.is_string() ? std::string(t.as_string()) : "";
      ok = ok && !tag.empty() && tag.size() <= 32 &&
           tag.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
      p.tags += tag + ",";
    }
    if (!ok) {
      return Error::invalid("tags", "标签须为至多 20 个小写英文标识（如 elderly_alone）",
                            "tags: at most 20 lowercase identifiers (e.g. elderly_alone)");
    }
  }
  p.initials = pinyin::initials(p.name).primary;
  return p;
}

void place(Person& p, const tree::Node& building, const org::House& house) {
  if (!p.id) p.id = new_id();
  p.node_path = building.path;
  p.district_code = building.district_code;
  p.building_id = building.id;
  p.house_id = house.id;
  p.house_label = building.name + " " + house.label;
}

}  // namespace gridgov::registry
