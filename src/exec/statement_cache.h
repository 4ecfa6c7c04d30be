#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "sql/ast/statement.h"

namespace kalam::exec {

/// A parsed statement of a batch and where it starts in the batch text.
struct ParsedStatement {
  sql::Statement statement;
  size_t offset = 0;
};

/// A batch split and parsed: the statements before the first parse error (all of them when
/// `error` is OK), and that error with its statement index.
struct ParsedBatch {
  std::vector<ParsedStatement> statements;
  Status error;
  int error_index = 0;
};

/// SQL text → its parsed statements, so repeated (parametrised) batches skip splitting and
/// parsing. LRU, bounded; only successful parses are kept. Thread-safe. CLEAR CACHE empties it.
class StatementCache {
 public:
  using Entry = std::shared_ptr<const ParsedBatch>;

  explicit StatementCache(size_t capacity) : capacity_(capacity) {}
  /// nullptr on a miss.
  Entry Find(const std::string& sql);
  void Insert(const std::string& sql, Entry entry);
  void Clear();
  size_t size() const;

 private:
  size_t capacity_;
  mutable std::mutex mu_;
  std::list<std::string> order_;  // most recent first; guarded by mu_
  std::unordered_map<std::string, std::pair<Entry, std::list<std::string>::iterator>> map_;  // guarded by mu_
};

}  // namespace kalam::exec
