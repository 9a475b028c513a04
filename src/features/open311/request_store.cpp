#include "features/open311/request_store.hpp"

#include <soci/soci.h>

#include "platform/db/rows.hpp"

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
struct Row {
  PostedRequest r;
  void bind(soci::statement& st) {
    st.exchange(soci::into(r.case_id));
    st.exchange(soci::into(r.token));
    st.exchange(soci::into(r.client_id));
    st.exchange(soci::into(r.media_url));
    st.exchange(soci::into(r.device_id));
    st.exchange(soci::into(r.account_id));
    st.exchange(soci::into(r.email));
    st.exchange(soci::into(r.created_at));
  }
  PostedRequest get() const { return r; }
};
constexpr const char* kSelect =
    "SELECT id, token, client_id, media_url, device_id, account_id, email, created_at"
    " FROM open311_requests WHERE ";
}  // namespace

void insert(WriteTx& tx, const PostedRequest& r) {
  tx.sql << "INSERT INTO open311_requests (id, token, client_id, media_url, device_id,"
            " account_id, email, created_at) VALUES (:c, :t, :cl, :m, :d, :a, :e, :at)",
      soci::use(r.case_id), soci::use(r.token), soci::use(r.client_id), soci::use(r.media_url),
      soci::use(r.device_id), soci::use(r.account_id), soci::use(r.email), soci::use(r.created_at);
}

std::optional<PostedRequest> by_token(soci::session& sql, const std::string& token) {
  return db::select_one<Row>(sql, std::string(kSelect) + "token = :t",
                             [&](soci::statement& st) { st.exchange(soci::use(token, "t")); });
}

std::optional<PostedRequest> by_case(soci::session& sql, Id case_id) {
  return db::select_one<Row>(sql, std::string(kSelect) + "id = :c",
                             [&](soci::statement& st) { st.exchange(soci::use(case_id, "c")); });
}

}  // namespace gridgov::open311
