// Manifests as stored in RocksDB (cold/manifest.h): any bytes decode to a manifest or fail with a
// clean error; a decoded manifest encodes and decodes back to the same bytes.
#include <cstdint>
#include <string_view>

#include "cold/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto manifest = kalam::serde::Decode<kalam::cold::Manifest>(bytes, kalam::serde::Format::kJson);
  if (!manifest.ok()) return 0;
  const std::string once = kalam::serde::Encode(*manifest, kalam::serde::Format::kJson);
  auto again = kalam::serde::Decode<kalam::cold::Manifest>(once, kalam::serde::Format::kJson);
  if (!again.ok()) __builtin_trap();
  if (kalam::serde::Encode(*again, kalam::serde::Format::kJson) != once) __builtin_trap();
  return 0;
}
