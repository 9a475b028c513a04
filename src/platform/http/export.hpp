#pragma once
// Any list the caller may see, as a spreadsheet: a list route wrapped by
// `exportable` answers ?format=xlsx|csv with its items as rows (the same rows
// the JSON shows, so masked exactly as there), headed and worded in Chinese
// (English on request), up to export.max_rows, and audited.
#include <string>
#include <utility>
#include <vector>

#include "platform/http/router.hpp"
#include "platform/services.hpp"

namespace gridgov::http {

// Chinese headers for item keys ("name" → "姓名"), registered by the features.
void label_columns(const std::vector<std::pair<std::string, std::string>>& labels);
// Chinese words for a key's values ("relation": "head" → "户主").
void label_values(const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& labels);

// Headers of one export alone, before the shared ones: "name" heads a people list as
// 姓名 and a list of places as 名称.
using ColumnLabels = std::vector<std::pair<std::string, std::string>>;

// The handler, able to answer ?format=xlsx|csv; `file` names the download ("人员名单").
Handler exportable(Services& svc, Reply (*fn)(Services&, Request&), std::string file,
                   ColumnLabels own = {});

}  // namespace gridgov::http
