#pragma once

#include <cstdint>
#include <string>

#include "common/enums.h"
#include "common/ids.h"
#include "serde/serde.h"

namespace kalam::catalog {

/// A storage (system.storages): where flushed Parquet files of tables go (CONTRACT §4).
struct StorageRecord {
  explicit StorageRecord(StorageId storage_id) : id(std::move(storage_id)) {}

  StorageId id;
  std::string name;
  std::string description;
  StorageType type = StorageType::kFilesystem;
  /// A directory for filesystem storages; `s3://bucket/prefix/` for S3.
  std::string uri;
  /// JSON text (S3 keys, region, endpoint); empty for none. Never shown to non-dba readers.
  std::string credentials;
  std::string shared_tables_template;
  std::string user_tables_template;
  int64_t created_at_us = 0;
  int64_t updated_at_us = 0;

  std::string Key() const { return id.value(); }
  void Serialize(serde::Writer& w) const;
  static Result<StorageRecord> Deserialize(const serde::Reader& r);
};

}  // namespace kalam::catalog
