#include "store/change_log.h"

#include <cstring>

#include "common/snowflake.h"

namespace kalam::store {
namespace {

constexpr std::string_view kPrefix = "live.changes.";

void PutBytes(std::string* out, std::string_view bytes) {
  const auto n = static_cast<uint32_t>(bytes.size());
  char len[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                 static_cast<char>(n)};
  out->append(len, 4);
  out->append(bytes);
}

bool GetBytes(std::string_view* in, std::string* out) {
  if (in->size() < 4) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(in->data());
  const uint32_t n = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
  in->remove_prefix(4);
  if (in->size() < n) return false;
  out->assign(in->data(), n);
  in->remove_prefix(n);
  return true;
}

}  // namespace

std::string ChangeLogFamily(int shard) { return std::string(kPrefix) + std::to_string(shard); }

std::string SharedChangeLogFamily() { return std::string(kPrefix) + "shared"; }

bool IsChangeLogFamily(std::string_view family) { return family.starts_with(kPrefix); }

std::string EncodeChange(ChangeKind kind, std::string_view family, std::string_view key, std::string_view old_value,
                         std::string_view new_value) {
  std::string out;
  out.reserve(17 + family.size() + key.size() + old_value.size() + new_value.size());
  out.push_back(static_cast<char>(kind));
  PutBytes(&out, family);
  PutBytes(&out, key);
  PutBytes(&out, old_value);
  PutBytes(&out, new_value);
  return out;
}

std::string EncodeChange(const Change& change) {
  return EncodeChange(change.kind, change.family, change.key, change.old_value, change.new_value);
}

Result<Change> DecodeChange(int64_t seq, std::string_view bytes) {
  Change change;
  change.seq = seq;
  if (bytes.empty() || static_cast<uint8_t>(bytes[0]) > static_cast<uint8_t>(ChangeKind::kDelete)) {
    return Status(ErrorCode::kInternal, "corrupt change-log entry");
  }
  change.kind = static_cast<ChangeKind>(bytes[0]);
  bytes.remove_prefix(1);
  if (!GetBytes(&bytes, &change.family) || !GetBytes(&bytes, &change.key) ||
      !GetBytes(&bytes, &change.old_value) || !GetBytes(&bytes, &change.new_value) || !bytes.empty()) {
    return Status(ErrorCode::kInternal, "corrupt change-log entry");
  }
  return change;
}

int64_t SeqAtMillis(int64_t unix_ms) {
  const int64_t since = unix_ms - SnowflakeGenerator::kEpochMs;
  return since <= 0 ? 0 : since << 22;
}

}  // namespace kalam::store
