#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kalam::store {

/// The cold index of a row family: for every flushed key, `cold.<family>` holds key → (the _seq of
/// its newest flushed version, the number of the batch file holding it), marked deleted when that
/// version is a tombstone. Entries are never removed (only the family, with its table), so "the
/// key was flushed before" is a lookup. A key is a live row when its hot value is live, or when
/// it has no hot value and a cold index entry not marked deleted — so primary-key checks and point
/// reads never open a Parquet file to learn that a key does not exist.
inline std::string ColdIndexFamily(std::string_view family) { return "cold." + std::string(family); }

struct ColdEntry {
  int64_t seq = 0;
  int64_t batch = 0;
  bool deleted = false;
};

/// 16 bytes: _seq and batch, big-endian; a 17th byte (1) when deleted.
std::string EncodeColdEntry(const ColdEntry& entry);
/// INTERNAL_ERROR when `bytes` is not an encoded entry.
Result<ColdEntry> DecodeColdEntry(std::string_view bytes);

}  // namespace kalam::store
