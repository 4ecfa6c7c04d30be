#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kalam::store {

/// The cold index of a row family: for every key whose newest flushed version is a live row,
/// `cold.<family>` holds key → (that version's _seq, the number of the batch file holding it).
/// A key is a live row when its hot value is live, or when it has no hot value and a cold index
/// entry — so primary-key checks and point reads never open a Parquet file to learn that a key
/// does not exist.
inline std::string ColdIndexFamily(std::string_view family) { return "cold." + std::string(family); }

struct ColdEntry {
  int64_t seq = 0;
  int64_t batch = 0;
};

/// 16 bytes: _seq and batch, big-endian.
std::string EncodeColdEntry(const ColdEntry& entry);
/// INTERNAL_ERROR when `bytes` is not an encoded entry.
Result<ColdEntry> DecodeColdEntry(std::string_view bytes);

}  // namespace kalam::store
