// One of the two translation units that include Beast (the other is the
// outgoing client, client.cpp): each costs ~40 s to compile, so no header does.
#include "platform/http/server.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <condition_variable>
#include <list>
#include <optional>
#include <thread>

#include "platform/core/metrics.hpp"
#include "platform/http/sse.hpp"
#include "platform/log/log.hpp"
#include "platform/text/media_type.hpp"

namespace gridgov::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// A connection as the shutdown sequence sees it. Touched only on its I/O thread.
struct Conn {
  beast::tcp_stream* stream = nullptr;
  bool busy = false;
  std::function<void()> wake;  // set while streaming events
};

struct IoContext {
  asio::io_context io{1};
  std::list<Conn*> conns;
};

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

// Bodies with their own limits: photos, and spreadsheets (ledgers) from
// callers presenting credentials — a stranger cannot make us hold 256 MiB.
std::size_t body_limit_for(const bhttp::request_parser<bhttp::string_body>::value_type& h,
                           const ServerOptions& opt) {
  std::string type = text::media_type(h[bhttp::field::content_type]).type;
  if (type.starts_with("image/")) return opt.max_upload_bytes;
  bool sheet = type == "text/csv" ||
               type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  bool credentials = h.count(bhttp::field::authorization) > 0 || h.count(bhttp::field::cookie) > 0;
  if (sheet) return credentials ? opt.max_sheet_bytes : opt.max_upload_bytes;
  return opt.max_body_bytes;
}

Error body_too_large(std::size_t limit) {
  return Error::make(ErrorKind::kTooLarge, "body_too_large",
                     "请求体过大（上限 " + std::to_string(limit) + " 字节）",
                     "Request body too large (limit " + std::to_string(limit) + " bytes)");
}

// A completed handler call, handed from a worker thread back to the I/O thread.
struct PendingCall {
  explicit PendingCall(asio::any_io_executor ex) : timer(ex) {}
  asio::steady_timer timer;
  std::optional<Response> result;
};
}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Pipeline& p) : opt(std::move(o)), pipeline(p) {}

  ServerOptions opt;
  const Pipeline& pipeline;
  std::vector<std::unique_ptr<IoContext>> contexts;
  std::optional<tcp::acceptor> acceptor;
  // Reads and writes run on separate pools: a write spends most of its time
  // waiting for its group commit, and many waiting threads would otherwise
  // crowd out the short reads on a small machine.
  std::unique_ptr<asio::thread_pool> read_pool;
  std::unique_ptr<asio::thread_pool> write_pool;
  std::atomic<int> queued{0};
  std::atomic<int> connections{0};
  std::atomic<bool> draining{false};
  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stop_requested = false;
  std::size_t next_context = 0;

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(IoContext& ctx, tcp::socket socket);
  asio::awaitable<Response> dispatch(std::shared_ptr<Request> req, const Route* route);
  asio::awaitable<std::size_t> write_response(beast::tcp_stream& stream, const Request& req,
                                              Response& res, bool keep, unsigned version);
  asio::awaitable<void> stream_events(beast::tcp_stream& stream, Conn& conn, const Request& req,
                                      Response& res, unsigned version);
  asio::awaitable<void> write_error(beast::tcp_stream& stream, const Error& e, unsigned version);
};

Server::Server(ServerOptions options, const Pipeline& pipeline)
    : impl_(std::make_unique<Impl>(std::move(options), pipeline)) {}

Server::~Server() = default;

bool Server::draining() const {
  return impl_->draining.load();
}

Result<int> Server::listen() {
  auto& im = *impl_;
  int threads = im.opt.threads > 0
                    ? im.opt.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < threads; ++i) im.contexts.push_back(std::make_unique<IoContext>());
  try {
    tcp::endpoint ep(asio::ip::make_address(im.opt.host), static_cast<unsigned short>(im.opt.port));
    im.acceptor.emplace(im.contexts[0]->io);
    im.acceptor->open(ep.protocol());
    im.acceptor->set_option(asio::socket_base::reuse_address(true));
    im.acceptor->bind(ep);
    im.acceptor->listen(asio::socket_base::max_listen_connections);
    return static_cast<int>(im.acceptor->local_endpoint().port());
  } catch (const std::exception& e) {
    std::string what = e.what();
    return Error::unavailable(
        "无法监听 " + im.opt.host + ":" + std::to_string(im.opt.port) + "：" + what,
        "Cannot listen on " + im.opt.host + ":" + std::to_string(im.opt.port) + ": " + what);
  }
}

void Server::stop() {
  {
    std::lock_guard lock(impl_->stop_mutex);
    impl_->stop_requested = true;
  }
  impl_->stop_cv.notify_all();
}

void Server::run(const std::function<void()>& on_drained) {
  auto& im = *impl_;
  im.read_pool = std::make_unique<asio::thread_pool>(std::max(1, im.opt.workers));
  im.write_pool = std::make_unique<asio::thread_pool>(std::max(1, im.opt.write_workers));
  asio::signal_set signals(im.contexts[0]->io, SIGINT, SIGTERM);
  signals.async_wait([this](const boost::system::error_code& ec, int sig) {
    if (!ec) {
      log::info("server.signal", {{"signal", sig}});
      stop();
    }
  });
  asio::co_spawn(im.contexts[0]->io, im.accept_loop(), [](std::exception_ptr e) {
    if (e) log::error("server.accept_loop_failed");
  });
  std::vector<std::thread> threads;
  for (auto& c : im.contexts) {
    threads.emplace_back([&io = c->io] {
      auto guard = asio::make_work_guard(io);
      io.run();
    });
  }
  {
    std::unique_lock lock(im.stop_mutex);
    im.stop_cv.wait(lock, [&] { return im.stop_requested; });
  }
  // Drain: refuse new connections, close idle ones, let busy ones finish.
  im.draining = true;
  log::info("server.draining", {{"connections", im.connections.load()}});
  asio::post(im.contexts[0]->io, [&im, &signals] {
    boost::system::error_code ignored;
    if (im.acceptor) im.acceptor->close(ignored);
    signals.cancel(ignored);
  });
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(im.opt.shutdown_grace_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    for (auto& c : im.contexts) {
      asio::post(c->io, [ctx = c.get()] {
        for (Conn* conn : ctx->conns) {
          if (conn->wake) conn->wake();
          if (!conn->busy) conn->stream->socket().cancel();
        }
      });
    }
    if (im.connections.load() == 0) break;
    std::this_thread::sleep_for(20ms);
  }
  for (auto& c : im.contexts) c->io.stop();
  for (auto& t : threads) t.join();
  im.read_pool->join();
  im.write_pool->join();  // handlers already running finish (their writes commit)
  log::info("server.stopped", {{"abandoned_connections", im.connections.load()}});
  if (on_drained) on_drained();
}

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    IoContext& target = *contexts[next_context++ % contexts.size()];
    auto [ec, socket] = co_await acceptor->async_accept(target.io, kTuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || draining) co_return;
      log::warn("server.accept_error", {{"what", ec.message()}});
      asio::steady_timer pause(acceptor->get_executor(), 50ms);  // e.g. out of file descriptors
      co_await pause.async_wait(kTuple);
      continue;
    }
    if (connections.load() >= opt.max_connections) {
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    connections++;
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(target.io, session(target, std::move(socket)), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log::error("server.session_failed", {{"what", ex.what()}});
      }
    });
  }
}

asio::awaitable<Response> Server::Impl::dispatch(std::shared_ptr<Request> req, const Route* route) {
  if (queued.load() >= opt.queue_limit) {
    co_return error_response(*req,
                             Error::make(ErrorKind::kUnavailable, "busy", "服务器繁忙，请稍后重试",
                                         "Server busy, retry shortly"));
  }
  auto ex = co_await asio::this_coro::executor;
  auto call = std::make_shared<PendingCall>(ex);
  call->timer.expires_after(std::chrono::milliseconds(opt.request_timeout_ms));
  queued++;
  const Pipeline* p = &pipeline;
  std::atomic<int>* q = &queued;
  bool safe = req->method == "GET" || req->method == "HEAD";
  asio::post(safe ? *read_pool : *write_pool, [call, req, route, p, q, ex] {
    q->fetch_sub(1);
    Response res = p->execute(*req, *route);
    asio::post(ex, [call, res = std::move(res)]() mutable {
      call->result = std::move(res);
      call->timer.cancel();
    });
  });
  co_await call->timer.async_wait(kTuple);
  if (call->result) co_return std::move(*call->result);
  log::warn("server.request_timeout", {{"request_id", req->request_id}, {"route", req->route}});
  co_return error_response(
      *req, Error::make(ErrorKind::kUnavailable, "timeout", "处理超时，操作结果未知，请刷新后确认",
                        "Timed out; the outcome is unknown, reload to check"));
}

namespace {
template <class Message>
void set_common(Message& m, const Request& req, const Response& res, bool keep) {
  m.set(bhttp::field::server, "gridgov");
  if (!req.request_id.empty()) m.set("X-Request-Id", req.request_id);
  if (!res.content_type.empty()) m.set(bhttp::field::content_type, res.content_type);
  m.set("X-Content-Type-Options", "nosniff");
  m.set("X-Frame-Options", "DENY");
  m.set("Referrer-Policy", "no-referrer");
  m.set("Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "object-src 'none'; frame-ancestors 'none'");
  bool has_cache = false;
  for (const auto& h : res.headers) {
    m.set(h.name, h.value);
    has_cache |= strcasecmp(h.name.c_str(), "Cache-Control") == 0;
  }
  if (!has_cache) m.set(bhttp::field::cache_control, "no-store");
  m.keep_alive(keep);
}
}  // namespace

asio::awaitable<std::size_t> Server::Impl::write_response(beast::tcp_stream& stream,
                                                          const Request& req, Response& res,
                                                          bool keep, unsigned version) {
  stream.expires_after(std::chrono::milliseconds(opt.request_timeout_ms));
  bool head = req.method == "HEAD";
  if (!res.file_path.empty()) {
    bhttp::file_body::value_type body;
    beast::error_code ec;
    body.open(res.file_path.c_str(), beast::file_mode::scan, ec);
    if (ec) {
      res = error_response(req, Error::not_found("文件", "File"));
    } else {
      std::size_t size = body.size();
      if (head) {
        bhttp::response<bhttp::empty_body> m{static_cast<bhttp::status>(res.status), version};
        set_common(m, req, res, keep);
        m.content_length(size);
        bhttp::response_serializer<bhttp::empty_body> sr{m};
        co_await bhttp::async_write_header(stream, sr, kTuple);
        co_return 0;
      }
      bhttp::response<bhttp::file_body> m{static_cast<bhttp::status>(res.status), version};
      set_common(m, req, res, keep);
      m.body() = std::move(body);
      m.prepare_payload();
      co_await bhttp::async_write(stream, m, kTuple);
      co_return size;
    }
  }
  bhttp::response<bhttp::string_body> m{static_cast<bhttp::status>(res.status), version};
  set_common(m, req, res, keep);
  std::size_t size = res.body.size();
  if (res.status == 304 || res.status == 204) {
    bhttp::response<bhttp::empty_body> e{static_cast<bhttp::status>(res.status), version};
    set_common(e, req, res, keep);
    co_await bhttp::async_write(stream, e, kTuple);
    co_return 0;
  }
  m.body() = std::move(res.body);
  m.prepare_payload();
  if (head) {
    bhttp::response_serializer<bhttp::string_body> sr{m};
    co_await bhttp::async_write_header(stream, sr, kTuple);
    co_return 0;
  }
  co_await bhttp::async_write(stream, m, kTuple);
  co_return size;
}

asio::awaitable<void> Server::Impl::write_error(beast::tcp_stream& stream, const Error& e,
                                                unsigned version) {
  Request req;
  req.request_id = new_request_id();
  Response res = error_response(req, e);
  co_await write_response(stream, req, res, false, version);
}

asio::awaitable<void> Server::Impl::stream_events(beast::tcp_stream& stream, Conn& conn,
                                                  const Request& req, Response& res,
                                                  unsigned version) {
  auto sub = res.sse;
  bhttp::response<bhttp::empty_body> m{bhttp::status::ok, version};
  res.content_type = "text/event-stream; charset=utf-8";
  set_common(m, req, res, false);
  m.set(bhttp::field::cache_control, "no-cache");
  m.set("X-Accel-Buffering", "no");
  bhttp::response_serializer<bhttp::empty_body> sr{m};
  stream.expires_after(30s);
  auto [hec, hn] = co_await bhttp::async_write_header(stream, sr, kTuple);
  if (hec) co_return;

  auto ex = co_await asio::this_coro::executor;
  auto timer = std::make_shared<asio::steady_timer>(ex);
  std::weak_ptr<asio::steady_timer> weak = timer;
  auto wake = [weak, ex] {
    asio::post(ex, [weak] {
      if (auto t = weak.lock()) t->cancel();
    });
  };
  sub->set_notify(wake);
  conn.wake = [sub] { sub->close(); };
  conn.busy = false;  // shutdown may close an event stream at any time
  std::string out = "retry: 3000\n: connected\n\n";
  while (!draining && !sub->closed() && sub->still_valid()) {
    out += sub->drain();
    if (!out.empty()) {
      stream.expires_after(30s);
      auto [ec, n] = co_await asio::async_write(stream, asio::buffer(out), kTuple);
      if (ec) break;
      out.clear();
      continue;
    }
    timer->expires_after(15s);
    auto [ec] = co_await timer->async_wait(kTuple);
    if (!ec) out = ": keep-alive\n\n";  // heartbeat keeps proxies from closing the stream
  }
  sub->set_notify(nullptr);
  sub->close();
}

asio::awaitable<void> Server::Impl::session(IoContext& ctx, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  Conn conn;
  conn.stream = &stream;
  ctx.conns.push_back(&conn);
  auto self_it = std::prev(ctx.conns.end());
  struct Leave {
    IoContext& ctx;
    std::list<Conn*>::iterator it;
    std::atomic<int>& count;
    ~Leave() {
      ctx.conns.erase(it);
      count--;
    }
  } leave{ctx, self_it, connections};

  std::string remote_ip;
  {
    boost::system::error_code ec;
    auto ep = stream.socket().remote_endpoint(ec);
    if (!ec) remote_ip = ep.address().to_string();
  }
  beast::flat_buffer buffer;
  for (;;) {
    conn.busy = false;
    if (draining) break;
    if (buffer.size() == 0) {
      // Idle between requests: bounded by the idle timeout.
      stream.expires_after(std::chrono::milliseconds(opt.idle_timeout_ms));
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(8192), kTuple);
      if (ec || n == 0) break;
      buffer.commit(n);
    }
    conn.busy = true;
    auto start = std::chrono::steady_clock::now();
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(opt.max_header_bytes));
    // Uploads (photos, spreadsheets) may be larger than ordinary bodies; which
    // limit applies is known once the header is in.
    parser.body_limit(std::max({opt.max_body_bytes, opt.max_upload_bytes, opt.max_sheet_bytes}));
    // A slow client gets the header timeout for the whole header, not per byte.
    stream.expires_after(std::chrono::milliseconds(opt.header_timeout_ms));
    auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
    std::size_t limit = body_limit_for(parser.get(), opt);
    if (!hec && parser.content_length() && *parser.content_length() > limit)
      hec = bhttp::error::body_limit;
    if (!hec && !parser.is_done()) parser.body_limit(limit);
    if (hec) {
      if (hec == bhttp::error::body_limit) {
        // Beast checks Content-Length against the body limit while parsing the header.
        co_await write_error(stream, body_too_large(limit), 11);
      } else if (hec == bhttp::error::header_limit) {
        co_await write_error(stream,
                             Error::make(ErrorKind::kHeaderTooLarge, "header_too_large",
                                         "请求头过大", "Request header too large"),
                             11);
      } else if (hec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
        co_await write_error(stream,
                             Error::make(ErrorKind::kBadRequest, "bad_request", "请求格式错误",
                                         "Malformed HTTP request"),
                             11);
      }
      break;
    }
    unsigned version = parser.get().version();
    if (parser.get()[bhttp::field::expect] == "100-continue") {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
      co_await bhttp::async_write(stream, cont, kTuple);
    }
    stream.expires_after(std::chrono::milliseconds(opt.request_timeout_ms));
    if (!parser.is_done()) {
      auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
      if (bec) {
        if (bec == bhttp::error::body_limit) {
          co_await write_error(stream, body_too_large(limit), version);
        }
        break;
      }
    }
    auto& breq = parser.get();
    // Read whole and not yet answered (operations and tests watch this).
    static metrics::Gauge& in_flight_gauge = metrics::global().gauge(
        "gridgov_http_requests_in_flight", "Requests read and not yet answered");
    struct InFlight {
      InFlight() { in_flight_gauge.add(1); }
      ~InFlight() { in_flight_gauge.add(-1); }
    } in_flight;
    auto req = std::make_shared<Request>();
    req->method = std::string(breq.method_string());
    req->target = std::string(breq.target());
    req->remote_ip = remote_ip;
    for (const auto& f : breq) {
      req->headers.push_back({std::string(f.name_string()), std::string(f.value())});
    }
    std::string_view incoming_id = req->header("X-Request-Id");
    req->request_id = valid_request_id(incoming_id) ? std::string(incoming_id) : new_request_id();
    req->body = std::move(breq.body());

    Response res;
    auto url = boost::urls::parse_origin_form(req->target);
    if (!url) {
      req->route = "unmatched";
      res = error_response(*req, Error::make(ErrorKind::kBadRequest, "bad_target",
                                             "请求地址格式错误", "Malformed request target"));
    } else {
      req->path = url->path();
      for (auto p : url->params()) req->query.emplace_back(p.key, p.has_value ? p.value : "");
      auto plan = pipeline.plan(*req);
      if (plan.immediate) {
        res = std::move(*plan.immediate);
      } else if (plan.inline_ok) {
        res = pipeline.execute(*req, *plan.route);
      } else {
        res = co_await dispatch(req, plan.route);
      }
    }
    bool keep = breq.keep_alive() && !draining;
    if (res.sse) {
      pipeline.finish(*req, res, 0, std::chrono::steady_clock::now() - start);
      co_await stream_events(stream, conn, *req, res, version);
      break;
    }
    std::size_t bytes = co_await write_response(stream, *req, res, keep, version);
    pipeline.finish(*req, res, bytes, std::chrono::steady_clock::now() - start);
    if (!keep) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.socket().close(ignored);
}

}  // namespace gridgov::http
