#include "features/org/departments.hpp"

#include <soci/soci.h>

#include "features/org/rules.hpp"
#include "features/org/store.hpp"

namespace gridgov::org {

Result<tree::Node> add_department(WriteTx& tx, const tree::Node& parent, const std::string& name,
                                  Millis now) {
  int same = 0;
  tx.sql << "SELECT COUNT(*) FROM nodes WHERE parent_id = :p AND level = 'department'"
            " AND name = :n AND status = 'active'",
      soci::use(parent.id), soci::use(name), soci::into(same);
  if (same > 0) {
    return Error::make(ErrorKind::kConflict, "name_taken", "已有同名职能部门: " + name,
                       "A department of that name exists here: " + name, "name");
  }
  auto code =
      next_code(parent, std::string(tree::kDepartment), store::issued_codes(tx.sql, parent.id));
  if (!code) return code.error();
  return tree::insert_child(tx, parent, {*code, name, std::string(tree::kDepartment)}, now);
}

const std::vector<std::string>& demo_district_departments() {
  static const std::vector<std::string> d = {
      "区城市管理执法局", "区水务和湖泊局", "区住房和城市更新局", "区市场监督管理局",
      "区生态环境分局",   "区公安分局",     "区民政局",           "区燃气公司"};
  return d;
}

const std::vector<std::string>& demo_street_departments() {
  static const std::vector<std::string> d = {"派出所", "城管执法中队", "市场监管所"};
  return d;
}

}  // namespace gridgov::org
