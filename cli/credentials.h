#pragma once

#include <optional>
#include <string>

namespace kalam::cli {

/// A token the CLI keeps for one server (never a password).
struct StoredToken {
  std::string username;
  std::string token;
  std::string expires_at;
};

/// `~/.kalam/credentials.toml` (mode 0600): one table per server URL. A missing or unreadable
/// file is empty.
class CredentialStore {
 public:
  explicit CredentialStore(std::string path) : path_(std::move(path)) {}
  std::optional<StoredToken> Get(const std::string& url) const;
  /// Writes atomically (temp file + rename), mode 0600. False when the file cannot be written.
  bool Put(const std::string& url, const StoredToken& token) const;
  bool Remove(const std::string& url) const;

 private:
  std::string path_;
};

/// `$HOME/.kalam` (created 0700 on first use).
std::string KalamHome();

}  // namespace kalam::cli
