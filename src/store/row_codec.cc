#include "store/row_codec.h"

#include <cstring>
#include <unordered_map>

#include "store/varint.h"

namespace kalam::store {
namespace {

enum Tag : uint8_t { kNull = 0, kFalse = 1, kTrue = 2, kInt = 3, kDouble = 4, kBytes = 5 };

Status Corrupt() { return Status(ErrorCode::kInternal, "corrupt row in the hot store"); }

}  // namespace

std::string BigEndian64(int64_t v) {
  std::string out(8, '\0');
  auto u = static_cast<uint64_t>(v);
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(u & 0xFF);
    u >>= 8;
  }
  return out;
}

std::string EncodeRow(int64_t seq, bool deleted, int32_t schema_version,
                      const std::vector<int32_t>& column_ids, const Row& values) {
  std::string out = BigEndian64(seq);
  out.push_back(deleted ? 1 : 0);
  PutVarint(&out, static_cast<uint32_t>(schema_version));
  PutVarint(&out, values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    PutVarint(&out, static_cast<uint32_t>(column_ids[i]));
    const Value& v = values[i];
    if (IsNull(v)) {
      out.push_back(kNull);
    } else if (const auto* b = std::get_if<bool>(&v)) {
      out.push_back(*b ? kTrue : kFalse);
    } else if (const auto* n = std::get_if<int64_t>(&v)) {
      out.push_back(kInt);
      PutVarint(&out, (static_cast<uint64_t>(*n) << 1) ^ static_cast<uint64_t>(*n >> 63));
    } else if (const auto* d = std::get_if<double>(&v)) {
      out.push_back(kDouble);
      char buf[8];
      std::memcpy(buf, d, 8);
      out.append(buf, 8);
    } else {
      const auto& s = std::get<std::string>(v);
      out.push_back(kBytes);
      PutVarint(&out, s.size());
      out.append(s);
    }
  }
  return out;
}

Result<StoredRow> DecodeRow(std::string_view bytes, const std::vector<int32_t>& column_ids,
                            const Row* missing) {
  if (bytes.size() < 9) return Corrupt();
  StoredRow row;
  row.seq = ReadSeq(bytes);
  row.deleted = bytes[8] != 0;
  std::string_view in = bytes.substr(9);
  uint64_t version = 0;
  uint64_t n = 0;
  if (!GetVarint(&in, &version) || !GetVarint(&in, &n)) return Corrupt();
  row.schema_version = static_cast<int32_t>(version);
  if (missing != nullptr) {
    row.values = *missing;
  } else {
    row.values.assign(column_ids.size(), std::monostate{});
  }
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t id = 0;
    if (!GetVarint(&in, &id) || in.empty()) return Corrupt();
    auto tag = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    Value v;
    switch (tag) {
      case kNull:
        break;
      case kFalse:
      case kTrue:
        v = tag == kTrue;
        break;
      case kInt: {
        uint64_t z = 0;
        if (!GetVarint(&in, &z)) return Corrupt();
        v = static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
        break;
      }
      case kDouble: {
        if (in.size() < 8) return Corrupt();
        double d = 0;
        std::memcpy(&d, in.data(), 8);
        in.remove_prefix(8);
        v = d;
        break;
      }
      case kBytes: {
        uint64_t len = 0;
        if (!GetVarint(&in, &len) || in.size() < len) return Corrupt();
        v = std::string(in.substr(0, len));
        in.remove_prefix(len);
        break;
      }
      default:
        return Corrupt();
    }
    for (size_t c = 0; c < column_ids.size(); ++c) {
      if (column_ids[c] == static_cast<int32_t>(id)) {
        row.values[c] = std::move(v);
        break;
      }
    }
  }
  return row;
}

void PatchSeq(std::string* bytes, int64_t seq) {
  std::string be = BigEndian64(seq);
  bytes->replace(0, 8, be);
}

int64_t ReadSeq(std::string_view bytes) { return FromBigEndian64(bytes); }

int64_t FromBigEndian64(std::string_view bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8 && i < static_cast<int>(bytes.size()); ++i) {
    v = (v << 8) | static_cast<uint8_t>(bytes[i]);
  }
  return static_cast<int64_t>(v);
}

bool ReadDeleted(std::string_view bytes) { return bytes.size() > 8 && bytes[8] != 0; }

std::string EncodeKeyPart(const Value& pk) {
  if (const auto* n = std::get_if<int64_t>(&pk)) {
    return BigEndian64(static_cast<int64_t>(static_cast<uint64_t>(*n) ^ (1ULL << 63)));
  }
  if (const auto* s = std::get_if<std::string>(&pk)) return *s;
  return std::string();
}

Value DecodeKeyPart(std::string_view bytes, bool integer) {
  if (!integer) return Value(std::string(bytes));
  return Value(static_cast<int64_t>(static_cast<uint64_t>(ReadSeq(bytes)) ^ (1ULL << 63)));
}

std::string UserPrefix(std::string_view user_id) {
  std::string out(user_id);
  out.push_back('\0');
  return out;
}

std::string_view UserOfKey(std::string_view key) { return key.substr(0, key.find('\0')); }

std::string UserRowKey(std::string_view user_id, std::string_view pk_bytes) {
  std::string out = UserPrefix(user_id);
  out.append(pk_bytes);
  return out;
}

}  // namespace kalam::store
