#include "link/native/live_client.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace kalam::link {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct LiveClient::Impl : std::enable_shared_from_this<LiveClient::Impl> {
  std::string host;
  std::string port;
  std::string authorization;
  LiveCallbacks callbacks;

  std::mutex mu;
  SubscriptionSet subs;                 // guarded by mu
  std::atomic<bool> closing{false};
  std::atomic<bool> connected{false};
  asio::io_context ioc;
  std::unique_ptr<websocket::stream<beast::tcp_stream>> ws;  // io thread only
  std::deque<std::string> outbox;                            // io thread only
  bool writing = false;                                      // io thread only
  std::set<std::string> sent;  // subscriptions sent on this connection, io thread only
  beast::flat_buffer buffer;                                 // io thread only
  std::thread thread;

  void Run() {
    auto backoff = std::chrono::milliseconds(100);
    while (!closing) {
      ioc.restart();
      Connect();
      ioc.run();
      const bool was_up = connected.exchange(false);
      if (closing) break;
      if (was_up) backoff = std::chrono::milliseconds(100);
      for (auto waited = std::chrono::milliseconds(0); waited < backoff && !closing; waited += std::chrono::milliseconds(20)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }

  void Down(const std::string& reason) {
    if (connected.exchange(false) && callbacks.on_connection) callbacks.on_connection(false, reason);
    beast::error_code ec;
    if (ws) beast::get_lowest_layer(*ws).socket().close(ec);
    outbox.clear();
    writing = false;
  }

  void Connect() {
    ws = std::make_unique<websocket::stream<beast::tcp_stream>>(ioc);
    outbox.clear();
    writing = false;
    buffer.clear();
    auto resolver = std::make_shared<tcp::resolver>(ioc);
    resolver->async_resolve(host, port, [self = shared_from_this(), resolver](beast::error_code ec, tcp::resolver::results_type results) {
      if (ec) return self->Down(ec.message());
      beast::get_lowest_layer(*self->ws).expires_after(std::chrono::seconds(5));
      beast::get_lowest_layer(*self->ws).async_connect(results, [self](beast::error_code ec2, const tcp::endpoint&) {
        if (ec2) return self->Down(ec2.message());
        beast::get_lowest_layer(*self->ws).expires_never();
        self->ws->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
        self->ws->set_option(websocket::stream_base::decorator([auth = self->authorization](websocket::request_type& req) {
          if (!auth.empty()) req.set(beast::http::field::authorization, auth);
        }));
        self->ws->async_handshake(self->host + ":" + self->port, "/v1/ws", [self](beast::error_code ec3) {
          if (ec3) return self->Down(ec3.message());
          self->Read();
        });
      });
    });
  }

  void OnAuthenticated() {
    connected = true;
    if (callbacks.on_connection) callbacks.on_connection(true, "");
    sent.clear();
    std::vector<std::string> ids;
    {
      std::lock_guard lock(mu);
      ids = subs.Ids();
    }
    for (const auto& id : ids) SendSubscribe(id);
  }

  void Read() {
    ws->async_read(buffer, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Down(ec.message());
      const std::string text = beast::buffers_to_string(self->buffer.data());
      self->buffer.consume(self->buffer.size());
      ServerFrame frame = DecodeServerFrame(text);
      if (frame.type == ServerFrame::Type::kAuthSuccess) {
        self->OnAuthenticated();
      } else if (frame.type == ServerFrame::Type::kError && frame.id.empty() && !self->connected) {
        // Authentication failed: report it; reconnecting will not help until the caller acts.
        if (self->callbacks.on_connection) self->callbacks.on_connection(false, frame.error.message);
        self->closing = true;
        return self->Down(frame.error.message);
      } else {
        bool fresh = true;
        {
          std::lock_guard lock(self->mu);
          fresh = self->subs.Observe(frame);
          if (frame.type == ServerFrame::Type::kUnsubscribed ||
              (frame.type == ServerFrame::Type::kError && !frame.id.empty())) {
            self->subs.Remove(frame.id);
          }
        }
        if (fresh && self->callbacks.on_frame) self->callbacks.on_frame(frame);
      }
      self->Read();
    });
  }

  /// On the io thread: subscribes `id` on this connection unless it already was (a Subscribe()
  /// racing with a reconnect).
  void SendSubscribe(const std::string& id) {
    if (!connected || sent.count(id) != 0) return;
    std::string message;
    {
      std::lock_guard lock(mu);
      if (!subs.Contains(id)) return;
      message = subs.SubscribeMessage(id);
    }
    sent.insert(id);
    Send(std::move(message));
  }

  /// On the io thread.
  void Send(std::string message) {
    if (!connected) return;  // sent on (re)connect from the subscription set
    outbox.push_back(std::move(message));
    if (!writing) Write();
  }

  void Write() {
    if (outbox.empty() || !ws) {
      writing = false;
      return;
    }
    writing = true;
    ws->text(true);
    ws->async_write(asio::buffer(outbox.front()), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Down(ec.message());
      self->outbox.pop_front();
      self->Write();
    });
  }
};

LiveClient::LiveClient(std::string http_url, std::string authorization, LiveCallbacks callbacks)
    : impl_(std::make_shared<Impl>()) {
  std::string rest = http_url;
  if (auto p = rest.find("://"); p != std::string::npos) rest = rest.substr(p + 3);
  if (auto slash = rest.find('/'); slash != std::string::npos) rest = rest.substr(0, slash);
  const auto colon = rest.rfind(':');
  impl_->host = colon == std::string::npos ? rest : rest.substr(0, colon);
  impl_->port = colon == std::string::npos ? "80" : rest.substr(colon + 1);
  impl_->authorization = std::move(authorization);
  impl_->callbacks = std::move(callbacks);
  impl_->thread = std::thread([impl = impl_] { impl->Run(); });
}

LiveClient::~LiveClient() { Close(); }

void LiveClient::Subscribe(const std::string& id, const std::string& sql, const SubscribeOptions& options) {
  {
    std::lock_guard lock(impl_->mu);
    impl_->subs.Add(id, sql, options);
  }
  asio::post(impl_->ioc, [impl = impl_, id] { impl->SendSubscribe(id); });
}

void LiveClient::Unsubscribe(const std::string& id) {
  asio::post(impl_->ioc, [impl = impl_, id] {
    impl->sent.erase(id);
    impl->Send(EncodeUnsubscribe(id));
  });
}

void LiveClient::Close() {
  if (impl_->closing.exchange(true)) {
    if (impl_->thread.joinable() && impl_->thread.get_id() != std::this_thread::get_id()) impl_->thread.join();
    return;
  }
  asio::post(impl_->ioc, [impl = impl_] {
    if (impl->ws && impl->connected) {
      impl->ws->async_close(websocket::close_code::normal, [impl](beast::error_code) { impl->Down("closed"); });
    } else {
      impl->Down("closed");
    }
  });
  // The io thread ends when nothing is pending; a stuck peer cannot hold it past a moment.
  for (int i = 0; i < 100 && impl_->connected; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace kalam::link
