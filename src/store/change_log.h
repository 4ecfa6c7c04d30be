#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kalam::store {

/// What a committed row write did.
enum class ChangeKind : uint8_t { kInsert = 0, kUpdate = 1, kDelete = 2 };

/// One committed row write, as the change feed and the change log carry it: the row's family and
/// key, its _seq, the version it replaced (empty when none is known: an insert) and the version
/// written (a tombstone for a delete, which keeps the deleted row's values).
struct Change {
  std::string family;
  std::string key;
  int64_t seq = 0;
  ChangeKind kind = ChangeKind::kInsert;
  std::string old_value;
  std::string new_value;
};

/// The change log of a writer: column family `live.changes.{shard}` (USER and STREAM tables of a
/// shard) or `live.changes.shared`, key = _seq (8 bytes big-endian), so it is in commit order and
/// trimmed by one range delete. Written in the same batch as the rows it describes.
std::string ChangeLogFamily(int shard);
std::string SharedChangeLogFamily();
/// The key (sorting before every seq) under which a change log keeps the seq below which it was
/// trimmed: a resume from an older seq may have lost changes.
inline constexpr std::string_view kChangeLogFloorKey = "";
/// True for the name of a change-log family.
bool IsChangeLogFamily(std::string_view family);

/// The change-log value of a change (family, key, kind, old and new version; the seq is the key).
std::string EncodeChange(const Change& change);
std::string EncodeChange(ChangeKind kind, std::string_view family, std::string_view key, std::string_view old_value,
                         std::string_view new_value);
/// INTERNAL_ERROR on corrupt bytes.
Result<Change> DecodeChange(int64_t seq, std::string_view bytes);

/// The smallest snowflake seq made at or after `unix_ms` (seqs older than it are below).
int64_t SeqAtMillis(int64_t unix_ms);

}  // namespace kalam::store
