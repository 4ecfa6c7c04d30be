#include "link/core/statement_cache.h"

namespace kalam::link {

int CountParameters(std::string_view sql) {
  int highest = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '\'' || c == '"') {  // quoted text or identifier ('' and "" escape themselves)
      for (++i; i < sql.size() && sql[i] != c; ++i) {
      }
    } else if (c == '-' && next == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (c == '/' && next == '*') {
      for (i += 2; i + 1 < sql.size() && !(sql[i] == '*' && sql[i + 1] == '/'); ++i) {
      }
      ++i;
    } else if (c == '$' && next >= '0' && next <= '9') {
      int n = 0;
      for (++i; i < sql.size() && sql[i] >= '0' && sql[i] <= '9'; ++i) n = n * 10 + (sql[i] - '0');
      --i;
      if (n > highest) highest = n;
    }
  }
  return highest;
}

PreparedStatement::PreparedStatement(std::string sql) : sql_(std::move(sql)), parameter_count_(CountParameters(sql_)) {
  const std::string whole = nlohmann::json{{"sql", sql_}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  prefix_ = whole.substr(0, whole.size() - 1);  // without the closing brace
}

std::optional<std::string> PreparedStatement::Encode(const std::vector<Cell>& params, std::string* error) const {
  if (static_cast<int>(params.size()) != parameter_count_) {
    if (error != nullptr) {
      *error = "the statement takes " + std::to_string(parameter_count_) + " parameter(s), " +
               std::to_string(params.size()) + " given";
    }
    return std::nullopt;
  }
  if (params.empty()) return prefix_ + "}";
  return prefix_ + ",\"params\":" +
         nlohmann::json(params).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "}";
}

std::shared_ptr<const PreparedStatement> StatementCache::Prepare(std::string_view sql) {
  std::lock_guard lock(mu_);
  if (auto it = index_.find(sql); it != index_.end()) {
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->second;
  }
  lru_.emplace_front(std::string(sql), std::make_shared<const PreparedStatement>(std::string(sql)));
  index_.emplace(lru_.front().first, lru_.begin());
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
  return lru_.front().second;
}

size_t StatementCache::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

uint64_t StatementCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

}  // namespace kalam::link
