#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/ids.h"
#include "serde/serde.h"
#include "store/store.h"

namespace kalam::cold {

/// A column as written into a segment's Parquet file: the table column's id and its name then
/// (a later RENAME COLUMN or ADD COLUMN does not rewrite files).
struct SegmentColumn {
  int32_t column_id = 0;
  std::string name;

  void Serialize(serde::Writer& w) const;
  static Result<SegmentColumn> Deserialize(const serde::Reader& r);
};

/// One Parquet file of flushed row versions (`_seq`, `_deleted` and the columns).
struct Segment {
  int64_t batch = 0;
  std::string storage_id;
  /// Relative to the storage's uri: `<directory>/batch-N.parquet`.
  std::string path;
  int64_t rows = 0;
  int64_t tombstones = 0;
  int64_t min_seq = 0;
  int64_t max_seq = 0;
  /// Primary keys as text (for people).
  std::string min_pk;
  std::string max_pk;
  /// The same keys as the hot store orders them (the encoded key part, lower-case hex, so the
  /// strings sort like the keys); empty in manifests written before they were recorded.
  std::string min_key;
  std::string max_key;
  int64_t bytes = 0;
  int64_t created_at_us = 0;
  /// Whether a key of this file may also be in an older file of the scope (one of its keys, live or
  /// deleted, had been flushed before: the flush looks its keys up in the cold index); true when
  /// unknown (manifests written before this was recorded). A read then lets this file's keys hide
  /// the older files' versions of them.
  bool overlaps_older = true;
  std::vector<SegmentColumn> columns;

  void Serialize(serde::Writer& w) const;
  static Result<Segment> Deserialize(const serde::Reader& r);
};

/// The cold files of one scope of a table: one user's partition of a USER table, or the whole of a
/// SHARED table (scope ""). The authoritative copy lives in RocksDB, changed in the same write as
/// the hot rows it replaces; `manifest.json` beside the files is an exported copy.
struct Manifest {
  std::string table;  // "ns.table"
  std::string scope;
  int64_t next_batch = 1;
  std::vector<Segment> segments;

  void Serialize(serde::Writer& w) const;
  static Result<Manifest> Deserialize(const serde::Reader& r);
};

/// Lower-case hex of key bytes (sorts like the bytes).
std::string KeyHex(std::string_view key);

/// True when no primary key can occur twice among the segments and the hot key range `hot`
/// (first and last hot key, raw bytes; nullopt = no hot rows) and no segment holds a tombstone:
/// then hot and cold rows can simply be concatenated, with no newest-version filter. Each
/// segment holds a key at most once, so pairwise disjoint key ranges are enough.
bool KeysDisjoint(const std::vector<Segment>& segments, const std::optional<std::pair<std::string, std::string>>& hot);

/// Where manifests live in the `system` family: `manifest/<ns>/<table>/<scope>`.
class ManifestStore {
 public:
  ManifestStore(const store::Store* store, serde::Format format) : store_(store), format_(format) {}

  /// The scope's manifest as of `snapshot` (now when null); nullopt when nothing was flushed.
  Result<std::optional<Manifest>> Get(const TableId& table, const std::string& scope,
                                      const store::Snapshot* snapshot = nullptr) const;
  /// Scopes of the table that have a manifest.
  Result<std::vector<std::string>> Scopes(const TableId& table) const;
  /// The write that stores `manifest` (for a WriteBatch together with the hot rows it replaces).
  store::WriteOp PutOp(const TableId& table, const Manifest& manifest) const;
  /// The writes that delete every manifest of the table.
  Result<std::vector<store::WriteOp>> DropOps(const TableId& table) const;
  /// The JSON exported beside the files.
  static std::string ToJson(const Manifest& manifest);

 private:
  static std::string Prefix(const TableId& table);
  const store::Store* store_;
  serde::Format format_;
};

}  // namespace kalam::cold
