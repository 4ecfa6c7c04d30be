#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "api/api_context.h"

namespace kalam::api {

class WsSession;

/// What WebSocket sessions share with the HTTP server: the routes' context, the worker pools and
/// the set of open sessions (closed with "going away" at shutdown).
struct WsHost {
  ApiContext* ctx = nullptr;
  boost::asio::thread_pool* workers = nullptr;
  boost::asio::thread_pool* password_workers = nullptr;

  std::mutex mu;
  std::unordered_map<WsSession*, std::weak_ptr<WsSession>> open;  // guarded by mu

  /// Closes every open session (server shutdown).
  void CloseAll();
};

/// Bytes of frames queued to all WebSocket clients and not yet written (for system.stats).
int64_t QueuedWebSocketBytes();

/// Takes over a connection whose request is a WebSocket upgrade to /v1/ws.
void StartWebSocket(boost::beast::tcp_stream stream, boost::beast::http::request<boost::beast::http::string_body> request,
                    WsHost* host, std::string client_addr);

}  // namespace kalam::api
