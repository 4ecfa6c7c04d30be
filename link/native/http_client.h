#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "link/core/protocol.h"
#include "link/core/result.h"
#include "link/core/statement_cache.h"

namespace kalam::link {

struct ClientOptions {
  /// http://host:port (no trailing slash needed).
  std::string url = "http://127.0.0.1:8080";
  /// Connecting gives up after this long.
  int connect_timeout_ms = 5000;
};

/// KalamDB over HTTP for native programs (the CLI): health check, login, SQL. One keep-alive
/// connection; not thread-safe except Cancel(), which aborts the request in flight from any thread
/// (Ctrl-C).
class HttpClient {
 public:
  explicit HttpClient(ClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  const std::string& url() const { return options_.url; }

  /// GET /v1/api/healthcheck. An unreachable server is an error with code "CONNECTION_ERROR" and
  /// the transport's reason.
  Health CheckHealth();
  /// POST /v1/api/auth/login; on success later requests carry the token.
  LoginResult Login(std::string_view username, std::string_view password);
  /// Every later request carries this `Authorization` value ("Bearer …" or "Basic …").
  void SetAuthorization(std::string authorization) { authorization_ = std::move(authorization); }
  const std::string& authorization() const { return authorization_; }
  /// POST /v1/api/sql. A cancelled request is an error with code "QUERY_CANCELED".
  Response Execute(std::string_view sql, const std::vector<Cell>& params = {});
  /// Runs a prepared statement (see StatementCache): a wrong number of parameters is an error with
  /// code "INVALID_PARAMETER" without a request.
  Response Execute(const PreparedStatement& statement, const std::vector<Cell>& params);
  /// Aborts the request in flight (thread-safe, async-signal-safe).
  void Cancel() { cancel_.store(true); }

 private:
  struct Raw {
    int status = 0;
    std::string body;
    std::optional<Error> error;
  };
  Raw Request(const char* method, const std::string& path, const std::string* body);
  Response PostSql(const std::string& body);

  ClientOptions options_;
  std::string authorization_;
  void* curl_ = nullptr;  // CURL*
  std::atomic<bool> cancel_{false};
};

}  // namespace kalam::link
