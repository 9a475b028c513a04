#pragma once
// A case as an Open311 service request. Two depths: what anyone may read
// (status, service, place to ~100 m, the agency; no free text, no exact
// address) and what the client system whose key covers the case reads (its
// description, address, point, picture). Contacts are never shown.
#include <boost/json/object.hpp>
#include <string>

#include "features/cases/reads.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::open311 {

struct ViewOptions {
  std::string detail_scope;  // node path whose cases are shown in detail ("" = none)
  bool extensions = false;   // extended_attributes with our states and the notes
  bool english = false;
};

// Reads what a request shows besides the case row (place and agency names,
// history, what the client posted), remembering names across one response.
class RequestView {
 public:
  RequestView(soci::session& sql, ViewOptions options)
      : sql_(sql), options_(options), nodes_(sql) {}
  boost::json::object operator()(const cases::Case& c);

 private:
  soci::session& sql_;
  ViewOptions options_;
  tree::NodeCache nodes_;
};

// open: still in the loop; closed: closed, evaluated, rejected or merged.
const char* open311_status(cases::State s);

}  // namespace gridgov::open311
