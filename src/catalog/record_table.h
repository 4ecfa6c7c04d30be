#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "serde/serde.h"
#include "store/store.h"

namespace kalam::catalog {

/// The records of one system table, kept in the `system` column family under `prefix` and
/// cached in memory (system tables are small; reads never touch RocksDB).
/// T needs `std::string Key() const`, `Serialize(serde::Writer&)` and `static Deserialize`.
/// Thread-safe.
template <class T>
class RecordTable {
 public:
  RecordTable(store::Store* store, serde::Format format, std::string prefix)
      : store_(store), format_(format), prefix_(std::move(prefix)) {}

  /// Reads every record from the store into the cache. INTERNAL_ERROR on a corrupt record.
  Status Load() {
    std::lock_guard lock(mu_);
    records_.clear();
    Status decode_error;
    KALAM_RETURN_IF_ERROR(store_->ScanPrefix(
        store::Store::kSystemFamily, prefix_, [&](std::string_view key, std::string_view value) {
          auto record = serde::Decode<T>(value, format_);
          if (!record.ok()) {
            decode_error = Status(ErrorCode::kInternal,
                                  "corrupt catalog record " + std::string(key) + ": " +
                                      record.error().message());
            return false;
          }
          records_.emplace(std::string(key.substr(prefix_.size())), std::move(record).value());
          return true;
        }));
    return decode_error;
  }

  std::optional<T> Get(const std::string& key) const {
    std::lock_guard lock(mu_);
    auto it = records_.find(key);
    if (it == records_.end()) return std::nullopt;
    return it->second;
  }

  size_t Size() const {
    std::lock_guard lock(mu_);
    return records_.size();
  }

  /// All records in key order.
  std::vector<T> List() const {
    std::lock_guard lock(mu_);
    std::vector<T> out;
    out.reserve(records_.size());
    for (const auto& [k, v] : records_) out.push_back(v);
    return out;
  }

  /// Writes the record durably (synced WAL), then updates the cache.
  Status Put(const T& record) {
    std::lock_guard lock(mu_);
    std::string key = record.Key();
    KALAM_RETURN_IF_ERROR(
        store_->Put(store::Store::kSystemFamily, prefix_ + key, serde::Encode(record, format_), true));
    records_.insert_or_assign(key, record);
    return Status::OK();
  }

  /// Inserts only when the key is absent; returns false when it already existed.
  Result<bool> Insert(const T& record) {
    std::lock_guard lock(mu_);
    std::string key = record.Key();
    if (records_.count(key) != 0) return false;
    KALAM_RETURN_IF_ERROR(
        store_->Put(store::Store::kSystemFamily, prefix_ + key, serde::Encode(record, format_), true));
    records_.emplace(key, record);
    return true;
  }

  /// Removes the record; returns false when it did not exist.
  Result<bool> Remove(const std::string& key) {
    std::lock_guard lock(mu_);
    if (records_.count(key) == 0) return false;
    KALAM_RETURN_IF_ERROR(store_->Delete(store::Store::kSystemFamily, prefix_ + key, true));
    records_.erase(key);
    return true;
  }

 private:
  store::Store* store_;
  serde::Format format_;
  std::string prefix_;
  mutable std::mutex mu_;
  std::map<std::string, T> records_;  // guarded by mu_
};

}  // namespace kalam::catalog
