#include "store/cold_index.h"

#include "store/row_codec.h"

namespace kalam::store {
std::string EncodeColdEntry(const ColdEntry& entry) {
  std::string out = BigEndian64(entry.seq) + BigEndian64(entry.batch);
  if (entry.deleted) out.push_back('\x01');
  return out;
}

Result<ColdEntry> DecodeColdEntry(std::string_view bytes) {
  const bool deleted = bytes.size() == 17 && bytes[16] == '\x01';
  if (bytes.size() != 16 && !deleted) return Status(ErrorCode::kInternal, "corrupt cold index entry");
  return ColdEntry{ReadSeq(bytes.substr(0, 8)), ReadSeq(bytes.substr(8, 8)), deleted};
}

}  // namespace kalam::store
