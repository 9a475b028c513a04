#include "features/open311/request_store.hpp"

#include <soci/soci.h>

#include "platform/db/row_map.hpp"

namespace gridgov::open311 {

std::vector<Migration> request_migrations() {
  return {{"open311",
           2,
           "service requests posted by client systems",
           // id: the case's own id (`gridgov keys rotate` re-seals rows by id).
           {"CREATE TABLE open311_requests (id BIGINT PRIMARY KEY REFERENCES cases(id),"
            " token TEXT NOT NULL UNIQUE, client_id BIGINT NOT NULL, media_url TEXT NOT NULL,"
            " device_id TEXT NOT NULL, account_id TEXT NOT NULL, email TEXT NOT NULL,"
            " created_at BIGINT NOT NULL)"},
           {}}};
}

namespace {
const db::RowMap<PostedRequest>& request_map() {
  static const auto map = db::RowMap<PostedRequest>("open311_requests")
                              .col("id", &PostedRequest::case_id)
                              .col("token", &PostedRequest::token)
                              .col("client_id", &PostedRequest::client_id)
                              .col("media_url", &PostedRequest::media_url)
                              .col("device_id", &PostedRequest::device_id)
                              .col("account_id", &PostedRequest::account_id)
                              .col("email", &PostedRequest::email)
                              .col("created_at", &PostedRequest::created_at);
  return map;
}
// Prepared once on the writer's connection: one per posted request.
struct RequestInsert : db::PreparedWrite<PostedRequest> {
  explicit RequestInsert(soci::session& sql)
      : db::PreparedWrite<PostedRequest>(sql, request_map(), request_map().insert_sql(), {}) {}
};
}  // namespace

void insert(WriteTx& tx, const PostedRequest& r) {
  auto& ins = tx.prepared<RequestInsert>();
  ins.row() = r;
  ins.execute();
}

std::optional<PostedRequest> by_token(soci::session& sql, const std::string& token) {
  return db::read_row(request_map(), sql, "WHERE token = :t",
                      [&](soci::statement& st) { st.exchange(soci::use(token, "t")); });
}

std::optional<PostedRequest> by_case(soci::session& sql, Id case_id) {
  return db::read_row(request_map(), sql, "WHERE id = :c",
                      [&](soci::statement& st) { st.exchange(soci::use(case_id, "c")); });
}

}  // namespace gridgov::open311
