#include "platform/http/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <chrono>

#include "platform/version.hpp"

namespace gridgov::http {
namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

template <class Stream>
void exchange(Stream& stream, beast::tcp_stream& timer,
              const beast::http::request<beast::http::string_body>& req, Outcome& out,
              std::chrono::steady_clock::time_point deadline) {
  timer.expires_at(deadline);
  beast::http::write(stream, req);
  beast::flat_buffer buffer;
  beast::http::response_parser<beast::http::string_body> parser;
  parser.body_limit(64 * 1024);  // a receiver's answer is only recorded, never used
  beast::http::read(stream, buffer, parser);
  out.status = static_cast<int>(parser.get().result_int());
  out.body = parser.get().body().substr(0, 1024);
}

}  // namespace

Outcome post(const std::string& url, const std::string& body, const std::vector<Header>& headers,
             int timeout_ms) {
  Outcome out;
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + std::chrono::milliseconds(timeout_ms);
  auto finish = [&] {
    out.millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start)
                     .count();
    return out;
  };
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
      parsed->host().empty()) {
    out.error = "not an http(s) URL";
    return finish();
  }
  bool tls = parsed->scheme() == "https";
  std::string host = parsed->host();
  std::string port = parsed->has_port() ? std::string(parsed->port()) : (tls ? "443" : "80");
  std::string target =
      parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());

  beast::http::request<beast::http::string_body> req{beast::http::verb::post, target, 11};
  req.set(beast::http::field::host, parsed->has_port() ? host + ":" + port : host);
  req.set(beast::http::field::user_agent, std::string("GridGov/") + kVersion);
  for (const auto& h : headers) req.set(h.name, h.value);
  req.body() = body;
  req.prepare_payload();

  try {
    asio::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_at(deadline);
    auto endpoints = resolver.resolve(host, port);
    stream.connect(endpoints);
    if (!tls) {
      exchange(stream, stream, req, out, deadline);
      beast::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      return finish();
    }
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream&> secure(stream, ctx);
    if (!SSL_set_tlsext_host_name(secure.native_handle(), host.c_str()))
      throw beast::system_error(
          beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    secure.set_verify_callback(asio::ssl::host_name_verification(host));
    secure.handshake(asio::ssl::stream_base::client);
    exchange(secure, stream, req, out, deadline);
    beast::error_code ignored;
    secure.shutdown(ignored);
  } catch (const std::exception& e) {
    if (!out.status) out.error = e.what();
  }
  return finish();
}

}  // namespace gridgov::http
