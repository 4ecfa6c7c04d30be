#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "common/value.h"

namespace kalam::cold {

/// One row version of a flushed file, as the engine reads it (the table's current columns in
/// declared order).
struct ColdRow {
  int64_t seq = 0;
  bool deleted = false;
  Row values;
};

/// The rows of one Parquet file by primary key (the key part as the hot store orders it).
using FileRows = std::unordered_map<std::string, ColdRow>;

/// Recently read cold files decoded into rows, so a primary-key lookup of a flushed row is a hash
/// lookup instead of a Parquet read. Files never change under one name (a key names the file and
/// its seq range and columns), so entries are never stale; least recently used files are dropped
/// beyond `capacity_bytes` (estimated). Capacity 0 disables it. Thread-safe.
class RowCache {
 public:
  explicit RowCache(int64_t capacity_bytes) : capacity_(capacity_bytes) {}

  bool enabled() const { return capacity_ > 0; }
  /// nullptr on a miss.
  std::shared_ptr<const FileRows> Find(const std::string& file);
  /// Keeps `rows` unless they alone would take more than a quarter of the capacity (then the file
  /// is remembered as too large and never worth loading again).
  void Insert(const std::string& file, std::shared_ptr<const FileRows> rows);
  /// Whether to read `file` whole for a lookup: a small one (`small`, one row group: as cheap as
  /// the lookup's own read) at once, a larger one when it is asked for a second time; never one
  /// found too large to keep. Records the ask.
  bool WorthLoading(const std::string& file, bool small);
  /// CLEAR CACHE.
  void Clear();

  int64_t bytes() const;
  size_t files() const;

  /// What `rows` take in memory, roughly.
  static int64_t EstimateBytes(const FileRows& rows);

 private:
  struct Entry {
    std::shared_ptr<const FileRows> rows;
    int64_t bytes = 0;
    std::list<std::string>::iterator order;
  };

  const int64_t capacity_;
  mutable std::mutex mu_;
  std::list<std::string> order_;                    // most recent first; guarded by mu_
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
  int64_t bytes_ = 0;                               // guarded by mu_
  std::unordered_set<std::string> seen_;            // guarded by mu_: asked for once
  std::unordered_set<std::string> too_large_;       // guarded by mu_
};

}  // namespace kalam::cold
