#include "features/registry/commands.hpp"

#include <boost/json.hpp>

#include "features/registry/registry.hpp"
#include "features/registry/rental.hpp"
#include "features/registry/store.hpp"
#include "platform/auth/principal.hpp"

namespace gridgov::registry {
namespace json = boost::json;

Result<Person> register_person(WriteTx& tx, Services& svc, const Principal& who, const Actor& actor,
                               Person p, Millis now, bool& elsewhere) {
  if (auto existing =
          p.identity_index.empty() ? std::nullopt : by_identity(tx.sql, p.identity_index)) {
    auto other = get(tx.sql, *existing);
    if (other && svc.authz.can(who, "person.read", other->node_path))
      return Error::make(ErrorKind::kConflict, "identity_registered", "该身份证号码已登记",
                         "This identity number is already registered", "identity_number");
    elsewhere = true;
    return Error::make(ErrorKind::kConflict, "identity_not_registrable",
                       "该身份证号码无法在此登记，请与社区核实",
                       "This identity number cannot be registered here; check with the "
                       "community",
                       "identity_number");
  }
  p.household_id = current_household(tx.sql, p.house_id);
  if (p.household_id && p.relation == "head") {
    return Error::make(ErrorKind::kConflict, "head_exists", "该房屋已有户主",
                       "The household living there already has a head", "relation");
  }
  if (!p.household_id) {
    p.relation = "head";
    p.household_id = create_household(tx, p, now);
  }
  insert(tx, p);
  regrade(tx, p.house_id, rental_rules(svc.config), now);
  audit::append(tx, actor,
                {"person.create", "person", id_to_string(p.id), p.node_path, p.district_code,
                 json::serialize(json::object{{"house", p.house_label}})},
                now);
  return p;
}

}  // namespace gridgov::registry
