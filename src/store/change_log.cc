#include "store/change_log.h"

#include <algorithm>

#include "common/snowflake.h"
#include "store/varint.h"

namespace kalam::store {
namespace {

constexpr std::string_view kPrefix = "live.changes.";
/// First byte of a block; a single-change entry of earlier versions starts with its kind (0–2).
constexpr char kBlockMarker = 'B';

Status Corrupt() { return Status(ErrorCode::kInternal, "corrupt change-log entry"); }

bool ValidKind(uint8_t kind) { return kind <= static_cast<uint8_t>(ChangeKind::kDelete); }

/// Earlier versions' entry: [kind][4-byte big-endian length + bytes] × (family, key, old, new).
bool GetFixedLengthPrefixed(std::string_view* in, std::string* out) {
  if (in->size() < 4) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(in->data());
  const uint32_t n = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
  in->remove_prefix(4);
  if (in->size() < n) return false;
  out->assign(in->data(), n);
  in->remove_prefix(n);
  return true;
}

Result<Change> DecodeSingleChange(int64_t seq, std::string_view bytes) {
  Change change;
  change.seq = seq;
  change.kind = static_cast<ChangeKind>(bytes[0]);
  bytes.remove_prefix(1);
  if (!GetFixedLengthPrefixed(&bytes, &change.family) || !GetFixedLengthPrefixed(&bytes, &change.key) ||
      !GetFixedLengthPrefixed(&bytes, &change.old_value) || !GetFixedLengthPrefixed(&bytes, &change.new_value) ||
      !bytes.empty()) {
    return Corrupt();
  }
  return change;
}

}  // namespace

std::string ChangeLogFamily(int shard) { return std::string(kPrefix) + std::to_string(shard); }

std::string SharedChangeLogFamily() { return std::string(kPrefix) + "shared"; }

bool IsChangeLogFamily(std::string_view family) { return family.starts_with(kPrefix); }

std::string ChangeLogWatchKey(std::string_view family, std::string_view partition) {
  std::string key(1, kChangeLogWatchPrefix);
  key += family;
  if (!partition.empty()) {
    key.push_back('\0');
    key += partition;
  }
  return key;
}

std::pair<std::string_view, std::string_view> SplitChangeLogWatchKey(std::string_view key) {
  key.remove_prefix(std::min<size_t>(1, key.size()));
  const size_t zero = key.find('\0');
  if (zero == std::string_view::npos) return {key, {}};
  return {key.substr(0, zero), key.substr(zero + 1)};
}

bool IsChangeLogSeqKey(std::string_view key) { return key.size() == 8 && static_cast<uint8_t>(key[0]) < 0x80; }

// Block: [kBlockMarker] then per change: [kind][varint family ref][varint seq delta][key][old][new],
// byte strings length-prefixed. The family ref numbers the block's families in order of first use;
// a ref equal to the number known so far introduces a new one, whose name follows. The seq delta is
// from the previous change (the first change's is from 0).
ChangeBlockBuilder::ChangeBlockBuilder() { out_.push_back(kBlockMarker); }

void ChangeBlockBuilder::Add(ChangeKind kind, std::string_view family, std::string_view key, int64_t seq,
                             std::string_view old_value, std::string_view new_value) {
  out_.reserve(out_.size() + 24 + key.size() + old_value.size() + new_value.size());
  out_.push_back(static_cast<char>(kind));
  auto known = std::find(families_.begin(), families_.end(), family);
  PutVarint(&out_, static_cast<uint64_t>(known - families_.begin()));
  if (known == families_.end()) {
    families_.emplace_back(family);
    PutLengthPrefixed(&out_, family);
  }
  PutVarint(&out_, static_cast<uint64_t>(seq - last_seq_));
  last_seq_ = seq;
  PutLengthPrefixed(&out_, key);
  PutLengthPrefixed(&out_, old_value);
  PutLengthPrefixed(&out_, new_value);
  ++count_;
}

std::string ChangeBlockBuilder::Finish() {
  std::string block = std::move(out_);
  out_.clear();
  out_.push_back(kBlockMarker);
  families_.clear();
  last_seq_ = 0;
  count_ = 0;
  return block;
}

Result<std::vector<Change>> DecodeChanges(int64_t key_seq, std::string_view bytes) {
  std::vector<Change> changes;
  if (bytes.empty()) return Corrupt();
  if (bytes[0] != kBlockMarker) {
    if (!ValidKind(static_cast<uint8_t>(bytes[0]))) return Corrupt();
    KALAM_ASSIGN_OR_RETURN(Change change, DecodeSingleChange(key_seq, bytes));
    changes.push_back(std::move(change));
    return changes;
  }
  bytes.remove_prefix(1);
  std::vector<std::string_view> families;
  uint64_t seq = 0;
  while (!bytes.empty()) {
    Change change;
    const auto kind = static_cast<uint8_t>(bytes[0]);
    bytes.remove_prefix(1);
    uint64_t ref = 0, delta = 0;
    if (!ValidKind(kind) || !GetVarint(&bytes, &ref) || ref > families.size()) return Corrupt();
    if (ref == families.size()) {
      std::string_view name;
      if (!GetLengthPrefixed(&bytes, &name)) return Corrupt();
      families.push_back(name);
    }
    std::string_view key, old_value, new_value;
    if (!GetVarint(&bytes, &delta) || !GetLengthPrefixed(&bytes, &key) || !GetLengthPrefixed(&bytes, &old_value) ||
        !GetLengthPrefixed(&bytes, &new_value)) {
      return Corrupt();
    }
    seq += delta;
    change.kind = static_cast<ChangeKind>(kind);
    change.family = families[ref];
    change.key = key;
    change.seq = static_cast<int64_t>(seq);
    change.old_value = old_value;
    change.new_value = new_value;
    changes.push_back(std::move(change));
  }
  // The key is the newest change's seq: anything else is not a block this writer made.
  if (changes.empty() || changes.back().seq != key_seq) return Corrupt();
  return changes;
}

int64_t SeqAtMillis(int64_t unix_ms) {
  const int64_t since = unix_ms - SnowflakeGenerator::kEpochMs;
  return since <= 0 ? 0 : since << 22;
}

}  // namespace kalam::store
