#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "link/core/result.h"

namespace kalam::link {

/// A statement prepared once and run many times (the SDK's `db.prepare(sql)`): its SQL is checked for
/// `$n` placeholders and JSON-escaped once, so each run only encodes its parameters. The server keeps
/// its own cache of parsed statements keyed by the SQL text, so a prepared statement is not parsed
/// again there either.
class PreparedStatement {
 public:
  explicit PreparedStatement(std::string sql);
  const std::string& sql() const { return sql_; }
  /// The highest `$n` in the SQL (outside quotes and comments): how many parameters a run takes.
  int parameter_count() const { return parameter_count_; }
  /// The request body for a run; nullopt (and `error`) when the number of parameters differs.
  std::optional<std::string> Encode(const std::vector<Cell>& params, std::string* error) const;

 private:
  std::string sql_;
  int parameter_count_ = 0;
  std::string prefix_;  // {"sql":"…"
};

/// Prepared statements by SQL text, the least recently used dropped beyond `capacity`. Thread-safe.
class StatementCache {
 public:
  explicit StatementCache(size_t capacity = 256) : capacity_(capacity) {}
  std::shared_ptr<const PreparedStatement> Prepare(std::string_view sql);
  size_t size() const;
  uint64_t hits() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const PreparedStatement>>;
  size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;                                                   // guarded by mu_, newest first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // guarded by mu_
  uint64_t hits_ = 0;                                                      // guarded by mu_
};

/// The highest `$n` placeholder in SQL text, skipping quoted text and comments.
int CountParameters(std::string_view sql);

}  // namespace kalam::link
