#pragma once
// Any list the caller may see, as a spreadsheet: a list route wrapped by
// `exportable` answers ?format=xlsx|csv with its items as rows (the same rows
// the JSON shows, so masked exactly as there), headed and worded in Chinese
// (English on request), up to export.max_rows, and audited. Each list's
// headings and words are its own (ExportDecl): "name" heads people as 姓名
// and places as 名称.
#include <string>

#include "platform/http/router.hpp"
#include "platform/services.hpp"

namespace gridgov::http {

// The handler, able to answer ?format=xlsx|csv as the export `id` declared in
// a manifest (Module::exports) has it: its file name, headings and words. An id
// no manifest declares throws std::logic_error when the route is registered.
Handler exportable(Services& svc, Reply (*fn)(Services&, Request&), const std::string& id);

}  // namespace gridgov::http
