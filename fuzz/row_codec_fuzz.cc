// Stored rows come from disk: decoding arbitrary bytes must fail cleanly, and whatever decodes
// must re-encode stably (bytes compared, so NaN payloads count too).
#include <cstdint>
#include <string_view>

#include "store/row_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::vector<int32_t> ids = {1, 2, 3, 5, 8};
  auto row = kalam::store::DecodeRow(bytes, ids);
  if (!row.ok()) return 0;
  std::string again = kalam::store::EncodeRow(row->seq, row->deleted, row->schema_version, ids, row->values);
  auto back = kalam::store::DecodeRow(again, ids);
  if (!back.ok()) __builtin_trap();
  if (kalam::store::EncodeRow(back->seq, back->deleted, back->schema_version, ids, back->values) != again) {
    __builtin_trap();
  }
  return 0;
}
