#include "platform/http/download.hpp"

#include <boost/json.hpp>

#include "platform/http/json_body.hpp"

namespace gridgov::http {

namespace {
// Percent-encodes everything but unreserved characters (RFC 5987 attr-char).
std::string encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}
}  // namespace

Response download(std::string body, std::string_view content_type, const std::string& file_name,
                  int status) {
  Response r;
  r.status = status;
  r.content_type = std::string(content_type);
  r.body = std::move(body);
  // Old clients read only `filename`: a plain name with the same extension.
  std::string ascii = file_name;
  for (char c : file_name)
    if (static_cast<unsigned char>(c) >= 0x80 || c == '"' || c == '\\') ascii.clear();
  if (ascii.empty())
    ascii = "gridgov" + file_name.substr(std::min(file_name.rfind('.'), file_name.size()));
  r.set_header("Content-Disposition",
               "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encode(file_name));
  return r;
}

Response table_download(const Request& req, const std::vector<table::Table>& tables,
                        table::Format format, const std::string& base, int status) {
  auto body = table::render(tables, format);
  if (!body) return error_response(req, body.error());
  return download(std::move(*body), table::content_type(format),
                  base + "." + std::string(table::extension(format)), status);
}

Response rows_rejected(const Request& req, const std::vector<table::RowError>& errors) {
  namespace json = boost::json;
  bool en = req.english();
  if (auto f = table::format_named(req.query_param("report").value_or("")))
    return table_download(req, {table::error_table(errors, en)}, *f, "import-errors", 422);
  Response r = error_response(
      req, Error::make(ErrorKind::kInvalid, "import_rejected",
                       std::to_string(errors.size()) + " 处错误，未导入任何数据",
                       std::to_string(errors.size()) + " error(s): nothing was imported"));
  json::value body = json::parse(r.body);
  json::array rows;
  for (const auto& raw : errors) {
    table::RowError e = table::bounded(raw);
    rows.push_back(
        json::object{{"row", e.row}, {"column", e.column}, {"message", en ? e.en : e.zh}});
  }
  body.as_object()["rows"] = std::move(rows);
  r.body = json::serialize(body);
  return r;
}

}  // namespace gridgov::http
