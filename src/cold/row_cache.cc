#include "cold/row_cache.h"

namespace kalam::cold {
namespace {

/// Files remembered as asked for once, or as too large, at most (then it starts over).
constexpr size_t kMaxSeen = 4096;

}  // namespace

std::shared_ptr<const FileRows> RowCache::Find(const std::string& file) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(file);
  if (it == entries_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second.order);
  return it->second.rows;
}

void RowCache::Insert(const std::string& file, std::shared_ptr<const FileRows> rows) {
  if (!enabled() || rows == nullptr) return;
  const int64_t size = EstimateBytes(*rows) + static_cast<int64_t>(file.size());
  std::lock_guard lock(mu_);
  if (size > capacity_ / 4) {
    if (too_large_.size() >= kMaxSeen) too_large_.clear();
    too_large_.insert(file);
    return;
  }
  if (entries_.contains(file)) return;
  order_.push_front(file);
  entries_.emplace(file, Entry{std::move(rows), size, order_.begin()});
  bytes_ += size;
  while (bytes_ > capacity_ && !order_.empty()) {
    auto victim = entries_.find(order_.back());
    bytes_ -= victim->second.bytes;
    entries_.erase(victim);
    order_.pop_back();
  }
}

bool RowCache::WorthLoading(const std::string& file, bool small) {
  if (!enabled()) return false;
  std::lock_guard lock(mu_);
  if (too_large_.contains(file)) return false;
  if (small || seen_.erase(file) > 0) return true;
  if (seen_.size() >= kMaxSeen) seen_.clear();
  seen_.insert(file);
  return false;
}

void RowCache::Clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
  order_.clear();
  seen_.clear();
  too_large_.clear();
  bytes_ = 0;
}

int64_t RowCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t RowCache::files() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

int64_t RowCache::EstimateBytes(const FileRows& rows) {
  // Hash node and bucket, the key, the row's vector and its strings' heap parts.
  constexpr int64_t kNode = 64;
  int64_t total = static_cast<int64_t>(rows.bucket_count() * sizeof(void*));
  for (const auto& [key, row] : rows) {
    total += kNode + static_cast<int64_t>(sizeof(ColdRow) + key.capacity());
    total += static_cast<int64_t>(row.values.capacity() * sizeof(Value));
    for (const Value& v : row.values) {
      if (const auto* s = std::get_if<std::string>(&v)) total += static_cast<int64_t>(s->capacity());
    }
  }
  return total;
}

}  // namespace kalam::cold
