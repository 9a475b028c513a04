#include "features/opendata/module.hpp"

#include "features/opendata/api.hpp"

namespace gridgov::opendata {

Module module() {
  Module m;
  m.name = "opendata";
  m.exports = {
      {"opendata.cases",
       "开放数据-案件",
       {{"reported_at", "反映时间"},
        {"category_name", "问题类别"},
        {"state_name", "状态"},
        {"closed_on_time", "按时办结"},
        {"resolved", "已解决"},
        {"satisfied", "满意"},
        {"district", "区"},
        {"street", "街道"},
        {"community", "社区"},
        {"grid", "网格"},
        {"place_code", "地点代码"},
        {"agency", "承办单位"},
        {"lng", "经度(约)"},
        {"lat", "纬度(约)"}},
       {}},
      {"opendata.measures",
       "开放数据-指标",
       {{"code", "区划代码"},
        {"name", "地区"},
        {"level", "层级"},
        {"received", "受理量"},
        {"dispatched", "派遣量"},
        {"closed", "办结量"},
        {"evaluated", "评价量"},
        {"response_rate", "响应率(%)"},
        {"first_contact_rate", "首次联系率(%)"},
        {"resolution_rate", "解决率(%)"},
        {"satisfaction_rate", "满意率(%)"},
        {"on_time_closure_rate", "按时办结率(%)"},
        {"rework_rate", "返工率(%)"},
        {"return_rate", "退单率(%)"},
        {"average_handling_hours", "平均办理时长(小时)"}},
       {}},
  };
  m.routes = routes;
  return m;
}

}  // namespace gridgov::opendata
