#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace kalam::store {

/// A row version as stored in RocksDB. Layout (little overhead, schema-versioned):
///   [8 bytes _seq, big-endian][1 byte _deleted][varint schema_version][varint n]
///   n × ([varint column_id][1 byte tag][payload])
/// tags: 0 NULL, 1 false, 2 true, 3 int64 (zig-zag varint), 4 double (8 bytes), 5 bytes (varint
/// length + bytes). Values are tagged by column id, not position, so rows written before an
/// ADD/DROP/RENAME COLUMN decode under the new schema (missing ids → NULL, unknown ids ignored).
struct StoredRow {
  int64_t seq = 0;
  bool deleted = false;
  int32_t schema_version = 0;
  /// In the order of the column ids asked for.
  Row values;
};

/// Encodes a row; `column_ids[i]` is the id of `values[i]`.
std::string EncodeRow(int64_t seq, bool deleted, int32_t schema_version,
                      const std::vector<int32_t>& column_ids, const Row& values);
/// Decodes the columns `column_ids` (current schema order). A column the row does not carry
/// (added later) takes `missing[i]` when given, else NULL. INTERNAL_ERROR on corrupt bytes.
Result<StoredRow> DecodeRow(std::string_view bytes, const std::vector<int32_t>& column_ids,
                            const Row* missing = nullptr);
/// Overwrites the _seq of an encoded row (the writer assigns seqs at commit).
void PatchSeq(std::string* bytes, int64_t seq);
/// The _seq and _deleted of an encoded row without decoding values.
int64_t ReadSeq(std::string_view bytes);
bool ReadDeleted(std::string_view bytes);

/// Order-preserving key bytes of a primary-key value (integers: 8 bytes big-endian, sign bit
/// flipped; text and UUID: the bytes).
std::string EncodeKeyPart(const Value& pk);
/// The key value of EncodeKeyPart's bytes: an int64 for an integer key, else the text.
Value DecodeKeyPart(std::string_view bytes, bool integer);
/// "user \0 pk" — the key of a USER table row.
std::string UserRowKey(std::string_view user_id, std::string_view pk_bytes);
/// "user \0" — the prefix of a user's partition.
std::string UserPrefix(std::string_view user_id);
/// The user of a USER or STREAM table's row key (the bytes before the first \0).
std::string_view UserOfKey(std::string_view key);
/// 8 bytes big-endian of a non-negative int64 (STREAM keys: user \0 seq).
std::string BigEndian64(int64_t v);
/// The int64 of BigEndian64's bytes (the first 8 of `bytes`).
int64_t FromBigEndian64(std::string_view bytes);

}  // namespace kalam::store
