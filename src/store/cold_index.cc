#include "store/cold_index.h"

#include "store/row_codec.h"

namespace kalam::store {
std::string EncodeColdEntry(const ColdEntry& entry) {
  return BigEndian64(entry.seq) + BigEndian64(entry.batch);
}

Result<ColdEntry> DecodeColdEntry(std::string_view bytes) {
  if (bytes.size() != 16) return Status(ErrorCode::kInternal, "corrupt cold index entry");
  return ColdEntry{ReadSeq(bytes.substr(0, 8)), ReadSeq(bytes.substr(8, 8))};
}

}  // namespace kalam::store
