#include "api/ws_session.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "api/ws_protocol.h"
#include "live/subscriber.h"

namespace kalam::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {
/// Bytes of frames queued to every WebSocket client, not yet written (system.stats).
std::atomic<int64_t> g_queued_bytes{0};
}  // namespace

int64_t QueuedWebSocketBytes() { return g_queued_bytes.load(std::memory_order_relaxed); }

/// One WebSocket connection: Beast I/O on the connection's strand, a bounded outbound queue (a
/// client that cannot keep up is closed with a reason and resumes with from_seq), and the
/// protocol logic in WsProtocol.
class WsSession final : public live::Subscriber, public WsTransport, public std::enable_shared_from_this<WsSession> {
 public:
  // Frames never written (the client went away) leave the process-wide count with the session.
  ~WsSession() override { g_queued_bytes.fetch_sub(queued_bytes_.load(), std::memory_order_relaxed); }
  WsSession(beast::tcp_stream stream, WsHost* host, std::string client_addr)
      : ws_(std::move(stream)), host_(host), protocol_(host->ctx, this, std::move(client_addr)),
        auth_timer_(ws_.get_executor()) {}

  void Run(http::request<http::string_body> request) {
    {
      std::lock_guard lock(host_->mu);
      host_->open[this] = weak_from_this();
    }
    const WsOptions& o = host_->ctx->ws;
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = std::chrono::seconds(30);
    // Beast pings an idle client after half of this and drops it when no pong comes back.
    timeout.idle_timeout = std::chrono::seconds(2 * o.heartbeat_seconds);
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "kalamdb"); }));
    ws_.read_message_max(static_cast<uint64_t>(o.max_message_bytes));
    // A frame leaves in one write of header and payload; Beast would otherwise cut messages above
    // its 4 KB write buffer into fragments, one socket write each.
    ws_.auto_fragment(false);
    std::string authorization(request[http::field::authorization]);
    ws_.async_accept(request, [self = shared_from_this(), authorization](beast::error_code ec) {
      if (ec) return self->Finish();
      if (!authorization.empty()) self->protocol_.AuthenticateHeader(authorization);
      self->auth_timer_.expires_after(std::chrono::seconds(self->host_->ctx->ws.auth_timeout_seconds));
      self->auth_timer_.async_wait([self](beast::error_code wait_ec) {
        if (!wait_ec) self->protocol_.OnAuthDeadline();
      });
      self->Read();
    });
  }

  // live::Subscriber and WsTransport: callable from any thread.
  bool Send(std::string frame) override {
    if (closing_.load()) return false;
    const auto bytes = static_cast<int64_t>(frame.size());
    const bool frames_full = queued_.fetch_add(1) >= host_->ctx->ws.max_queued_frames;
    const bool bytes_full = queued_bytes_.fetch_add(bytes) + bytes > host_->ctx->ws.max_queued_bytes;
    g_queued_bytes.fetch_add(bytes, std::memory_order_relaxed);
    if (frames_full || bytes_full) {
      queued_.fetch_sub(1);
      queued_bytes_.fetch_sub(bytes);
      g_queued_bytes.fetch_sub(bytes, std::memory_order_relaxed);
      Close("client too slow: the outbound queue is full; reconnect and resume with from_seq");
      return false;
    }
    // Frames of a burst (one change to many rows, a replay) cross to the strand in one post.
    bool post = false;
    {
      std::lock_guard lock(incoming_mu_);
      incoming_.push_back(std::move(frame));
      post = !transfer_posted_;
      transfer_posted_ = true;
    }
    if (post) {
      asio::post(ws_.get_executor(), [self = shared_from_this()] {
        {
          std::lock_guard lock(self->incoming_mu_);
          for (auto& f : self->incoming_) self->outbox_.push_back(std::move(f));
          self->incoming_.clear();
          self->transfer_posted_ = false;
        }
        if (!self->writing_) self->Write();
      });
    }
    return true;
  }

  void Close(std::string reason) override {
    if (closing_.exchange(true)) return;
    asio::post(ws_.get_executor(), [self = shared_from_this(), reason = std::move(reason)]() mutable {
      self->close_reason_ = std::move(reason);
      if (!self->writing_) self->CloseNow();
    });
  }

  void Post(Lane lane, std::function<void()> fn) override {
    asio::post(lane == Lane::kPassword ? *host_->password_workers : *host_->workers, std::move(fn));
  }

  std::shared_ptr<live::Subscriber> AsSubscriber() override { return shared_from_this(); }

  /// Server shutdown.
  void GoAway() {
    if (closing_.exchange(true)) return;
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      self->close_code_ = websocket::close_code::going_away;
      self->close_reason_ = "the server is shutting down";
      if (!self->writing_) self->CloseNow();
    });
  }

 private:
  void Read() {
    ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) {
        if (ec == websocket::error::message_too_big) {
          // Beast closes with "too big"; say why first when the socket still takes it.
          self->closing_ = true;
        }
        return self->Finish();
      }
      if (self->ws_.got_text()) {
        auto data = self->in_.data();
        self->protocol_.OnText(std::string_view(static_cast<const char*>(data.data()), data.size()));
      } else {
        self->protocol_.OnBinary();
      }
      self->in_.consume(self->in_.size());
      self->Read();
    });
  }

  void Write() {
    if (outbox_.empty()) {
      writing_ = false;
      if (closing_ && !closed_) CloseNow();
      return;
    }
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(outbox_.front()), [self = shared_from_this()](beast::error_code ec, size_t) {
      self->queued_bytes_.fetch_sub(static_cast<int64_t>(self->outbox_.front().size()));
      g_queued_bytes.fetch_sub(static_cast<int64_t>(self->outbox_.front().size()), std::memory_order_relaxed);
      self->outbox_.pop_front();
      self->queued_.fetch_sub(1);
      if (ec) {
        self->writing_ = false;
        return self->Finish();
      }
      self->Write();
    });
  }

  void CloseNow() {
    if (closed_) return;
    closed_ = true;
    ws_.async_close(websocket::close_reason(close_code_, close_reason_),
                    [self = shared_from_this()](beast::error_code) { self->Finish(); });
  }

  /// The connection is over (read error, closed, dropped): end its subscriptions once.
  void Finish() {
    if (finished_) return;
    finished_ = true;
    closing_ = true;
    auth_timer_.cancel();
    protocol_.OnClosed();
    std::lock_guard lock(host_->mu);
    host_->open.erase(this);
  }

  websocket::stream<beast::tcp_stream> ws_;
  WsHost* host_;
  WsProtocol protocol_;
  asio::steady_timer auth_timer_;
  beast::flat_buffer in_;
  std::mutex incoming_mu_;
  std::vector<std::string> incoming_;  // guarded by incoming_mu_: frames on their way to the strand
  bool transfer_posted_ = false;       // guarded by incoming_mu_
  std::deque<std::string> outbox_;  // strand only
  bool writing_ = false;            // strand only
  bool closed_ = false;             // strand only
  bool finished_ = false;           // strand only
  std::atomic<bool> closing_{false};
  std::atomic<int64_t> queued_{0};
  std::atomic<int64_t> queued_bytes_{0};
  websocket::close_code close_code_ = websocket::close_code::policy_error;
  std::string close_reason_;
};

void WsHost::CloseAll() {
  std::vector<std::shared_ptr<WsSession>> sessions;
  {
    std::lock_guard lock(mu);
    for (auto& [ptr, weak] : open) {
      if (auto s = weak.lock()) sessions.push_back(std::move(s));
    }
  }
  for (auto& s : sessions) s->GoAway();
}

void StartWebSocket(beast::tcp_stream stream, http::request<http::string_body> request, WsHost* host,
                    std::string client_addr) {
  std::make_shared<WsSession>(std::move(stream), host, std::move(client_addr))->Run(std::move(request));
}

}  // namespace kalam::api
