#include "platform/http/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <optional>

#include "platform/version.hpp"

namespace gridgov::http {
namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Connection::Impl {
  int timeout_ms;
  asio::io_context io;
  asio::ssl::context tls{asio::ssl::context::tls_client};
  std::optional<beast::tcp_stream> stream;
  std::optional<beast::ssl_stream<beast::tcp_stream&>> secure;
  std::string origin;  // scheme://host:port of the open socket ("" when none)
  int connects = 0;

  explicit Impl(int t) : timeout_ms(t) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
  }

  void close() {
    beast::error_code ignored;
    if (secure) secure->shutdown(ignored);
    if (stream) stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    secure.reset();
    stream.reset();
    origin.clear();
  }

  void open(bool https, const std::string& host, const std::string& port, Clock::time_point until) {
    close();
    stream.emplace(io);
    stream->expires_at(until);
    tcp::resolver resolver(io);
    stream->connect(resolver.resolve(host, port));
    ++connects;
    if (!https) return;
    secure.emplace(*stream, tls);
    if (!SSL_set_tlsext_host_name(secure->native_handle(), host.c_str()))
      throw beast::system_error(
          beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    secure->set_verify_callback(asio::ssl::host_name_verification(host));
    secure->handshake(asio::ssl::stream_base::client);
  }

  // One request and its answer on the open socket; false when the socket
  // turned out to be closed before anything came back (then it may be retried).
  bool exchange(const beast::http::request<beast::http::string_body>& req, Outcome& out,
                Clock::time_point until) {
    stream->expires_at(until);
    beast::flat_buffer buffer;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(64 * 1024);  // a receiver's answer is only recorded, never used
    beast::error_code ec;
    if (secure) {
      beast::http::write(*secure, req, ec);
      if (!ec) beast::http::read(*secure, buffer, parser, ec);
    } else {
      beast::http::write(*stream, req, ec);
      if (!ec) beast::http::read(*stream, buffer, parser, ec);
    }
    if (ec && !parser.is_header_done()) {
      bool stale = ec == beast::http::error::end_of_stream || ec == asio::error::eof ||
                   ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
      if (stale) return false;
      throw beast::system_error(ec);
    }
    if (ec) throw beast::system_error(ec);
    out.status = static_cast<int>(parser.get().result_int());
    out.body = parser.get().body().substr(0, 1024);
    if (!parser.get().keep_alive()) close();
    return true;
  }
};

Connection::Connection(int timeout_ms) : impl_(std::make_unique<Impl>(timeout_ms)) {}
Connection::~Connection() {
  impl_->close();
}
int Connection::connects() const {
  return impl_->connects;
}

Outcome Connection::post(const std::string& url, const std::string& body,
                         const std::vector<Header>& headers) {
  Outcome out;
  auto start = Clock::now();
  auto until = start + std::chrono::milliseconds(impl_->timeout_ms);
  auto finish = [&] {
    out.millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    return out;
  };
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
      parsed->host().empty()) {
    out.error = "not an http(s) URL";
    return finish();
  }
  bool https = parsed->scheme() == "https";
  std::string host = parsed->host();
  std::string port = parsed->has_port() ? std::string(parsed->port()) : (https ? "443" : "80");
  std::string target =
      parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());
  std::string origin = std::string(parsed->scheme()) + "://" + host + ":" + port;

  beast::http::request<beast::http::string_body> req{beast::http::verb::post, target, 11};
  req.set(beast::http::field::host, parsed->has_port() ? host + ":" + port : host);
  req.set(beast::http::field::user_agent, std::string("GridGov/") + kVersion);
  for (const auto& h : headers) req.set(h.name, h.value);
  req.keep_alive(true);
  req.body() = body;
  req.prepare_payload();

  try {
    // A socket kept from an earlier POST may have been closed by the receiver
    // meanwhile: then one fresh connection, and the request again.
    bool reused = impl_->origin == origin && impl_->stream;
    if (!reused) {
      impl_->open(https, host, port, until);
      impl_->origin = origin;
    }
    if (!impl_->exchange(req, out, until)) {
      if (!reused) throw beast::system_error(asio::error::connection_reset);
      impl_->open(https, host, port, until);
      impl_->origin = origin;
      if (!impl_->exchange(req, out, until))
        throw beast::system_error(asio::error::connection_reset);
    }
  } catch (const std::exception& e) {
    impl_->close();
    if (!out.status) out.error = e.what();
  }
  return finish();
}

Outcome post(const std::string& url, const std::string& body, const std::vector<Header>& headers,
             int timeout_ms) {
  Connection c(timeout_ms);
  return c.post(url, body, headers);
}

}  // namespace gridgov::http
