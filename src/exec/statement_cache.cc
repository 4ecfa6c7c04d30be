#include "exec/statement_cache.h"

namespace kalam::exec {

StatementCache::Entry StatementCache::Find(const std::string& sql) {
  std::lock_guard lock(mu_);
  auto it = map_.find(sql);
  if (it == map_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second.second);
  return it->second.first;
}

void StatementCache::Insert(const std::string& sql, Entry entry) {
  std::lock_guard lock(mu_);
  if (capacity_ == 0) return;
  auto it = map_.find(sql);
  if (it != map_.end()) {
    it->second.first = std::move(entry);
    order_.splice(order_.begin(), order_, it->second.second);
    return;
  }
  if (map_.size() >= capacity_) {
    map_.erase(order_.back());
    order_.pop_back();
  }
  order_.push_front(sql);
  map_.emplace(sql, std::make_pair(std::move(entry), order_.begin()));
}

void StatementCache::Clear() {
  std::lock_guard lock(mu_);
  map_.clear();
  order_.clear();
}

size_t StatementCache::size() const {
  std::lock_guard lock(mu_);
  return map_.size();
}

}  // namespace kalam::exec
