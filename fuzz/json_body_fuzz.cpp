// JSON request bodies: parsed against a declaration, every getter tried.
// Whatever the bytes, an answer (a value or an Error), never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "platform/http/body_spec.hpp"
#include "platform/http/json_body.hpp"

using namespace gridgov;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const http::BodySpec spec = *http::BodySpec::parse(
      "name:string! note:string n:integer x:number flag:boolean "
      "node_id:id ids:ids items:array o:object");
  http::Request req;
  req.method = "POST";
  req.body.assign(reinterpret_cast<const char*>(data), size);
  req.headers.push_back({"Content-Type", "application/json; charset=utf-8"});
  req.body_spec = &spec;
  auto body = http::Body::parse(req);
  if (!body) return 0;
  (void)body->text("name", {.max_chars = 64});
  (void)body->text("note", {.required = false, .max_chars = 4000, .multiline = true});
  (void)body->integer("n", -1000, 1000, false);
  (void)body->number("x");
  (void)body->boolean("flag", false);
  (void)body->id("node_id", false);
  (void)body->ids("ids", 100);
  // Nested items read without a declaration, as a list of rows is.
  if (const auto* items = body->object().if_contains("items"); items && items->is_array())
    for (const auto& v : items->as_array())
      if (v.is_object()) (void)http::Body::from(v.as_object()).text("name");
  return 0;
}
