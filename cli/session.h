#pragma once

#include <atomic>
#include <cstdio>
#include <string>
#include <string_view>

#include "cli/format.h"
#include "link/native/http_client.h"

namespace kalam::cli {

/// Set by SIGINT (Ctrl-C): ends \subscribe; the handler also cancels the request in flight.
std::atomic<bool>& Interrupted();

/// What the user switched on (flags, `\x`, `\timing`, `\format`).
struct Settings {
  OutputFormat format = OutputFormat::kTable;
  bool expanded = false;
  bool timing = false;
  bool color = true;
  /// Interactive on a terminal: the spinner may draw.
  bool spinner = false;
};

/// One connected, authenticated CLI session: runs SQL and meta-commands and prints like psql.
class Session {
 public:
  Session(link::HttpClient* client, Settings settings, std::string username)
      : client_(client), settings_(settings), username_(std::move(username)) {}

  /// Runs a batch of SQL; prints every result (stdout) and the error (stderr). False on an error.
  bool RunSql(std::string_view sql);
  /// Runs a backslash command (without a trailing newline). False on an error; sets `quit` on \q.
  bool RunMeta(std::string_view line, bool* quit);

  Settings& settings() { return settings_; }
  link::HttpClient& client() { return *client_; }
  const std::string& username() const { return username_; }

 private:
  /// Runs SQL and returns the response (spinner while it takes long).
  link::Response Execute(std::string_view sql);
  void Print(const link::QueryResult& result);
  bool Describe(std::string_view table);
  /// \subscribe: prints the rows, then every change, until Ctrl-C.
  bool Subscribe(const std::string& sql);

  link::HttpClient* client_;
  Settings settings_;
  std::string username_;
};

}  // namespace kalam::cli
