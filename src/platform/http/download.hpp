#pragma once
// Responses that a browser saves as a file: CSV and xlsx lists, templates,
// error reports. Chinese file names travel as RFC 5987 filename*.
#include <string>
#include <vector>

#include "platform/http/message.hpp"
#include "platform/text/table.hpp"

namespace gridgov::http {

Response download(std::string body, std::string_view content_type, const std::string& file_name,
                  int status = 200);
// The tables rendered in `format`, named `<base>.<csv|xlsx>`.
Response table_download(const Request& req, const std::vector<table::Table>& tables,
                        table::Format format, const std::string& base, int status = 200);
// A table refused row by row (nothing imported): 422 in the error shape with the
// rows listed, or the same report as a file when the request asks ?report=xlsx|csv.
Response rows_rejected(const Request& req, const std::vector<table::RowError>& errors);

}  // namespace gridgov::http
