#include "cold/manifest.h"

#include <algorithm>

namespace kalam::cold {

void SegmentColumn::Serialize(serde::Writer& w) const {
  w.WriteInt("column_id", column_id);
  w.WriteString("name", name);
}

Result<SegmentColumn> SegmentColumn::Deserialize(const serde::Reader& r) {
  SegmentColumn c;
  KALAM_ASSIGN_OR_RETURN(int64_t id, r.ReadInt("column_id"));
  c.column_id = static_cast<int32_t>(id);
  KALAM_ASSIGN_OR_RETURN(c.name, r.ReadString("name"));
  return c;
}

void Segment::Serialize(serde::Writer& w) const {
  w.WriteInt("batch", batch);
  w.WriteString("storage_id", storage_id);
  w.WriteString("path", path);
  w.WriteInt("rows", rows);
  w.WriteInt("tombstones", tombstones);
  w.WriteInt("min_seq", min_seq);
  w.WriteInt("max_seq", max_seq);
  w.WriteString("min_pk", min_pk);
  w.WriteString("max_pk", max_pk);
  w.WriteString("min_key", min_key);
  w.WriteString("max_key", max_key);
  w.WriteInt("bytes", bytes);
  w.WriteInt("created_at", created_at_us);
  w.WriteList("columns", columns);
}

Result<Segment> Segment::Deserialize(const serde::Reader& r) {
  Segment s;
  KALAM_ASSIGN_OR_RETURN(s.batch, r.ReadInt("batch"));
  KALAM_ASSIGN_OR_RETURN(s.storage_id, r.ReadString("storage_id"));
  KALAM_ASSIGN_OR_RETURN(s.path, r.ReadString("path"));
  KALAM_ASSIGN_OR_RETURN(s.rows, r.ReadInt("rows"));
  KALAM_ASSIGN_OR_RETURN(s.tombstones, r.ReadInt("tombstones"));
  KALAM_ASSIGN_OR_RETURN(s.min_seq, r.ReadInt("min_seq"));
  KALAM_ASSIGN_OR_RETURN(s.max_seq, r.ReadInt("max_seq"));
  KALAM_ASSIGN_OR_RETURN(s.min_pk, r.ReadString("min_pk"));
  KALAM_ASSIGN_OR_RETURN(s.max_pk, r.ReadString("max_pk"));
  KALAM_ASSIGN_OR_RETURN(auto min_key, r.ReadOptionalString("min_key"));
  KALAM_ASSIGN_OR_RETURN(auto max_key, r.ReadOptionalString("max_key"));
  s.min_key = min_key.value_or("");
  s.max_key = max_key.value_or("");
  KALAM_ASSIGN_OR_RETURN(s.bytes, r.ReadInt("bytes"));
  KALAM_ASSIGN_OR_RETURN(s.created_at_us, r.ReadInt("created_at"));
  KALAM_ASSIGN_OR_RETURN(s.columns, r.ReadList<SegmentColumn>("columns"));
  return s;
}

void Manifest::Serialize(serde::Writer& w) const {
  w.WriteString("table", table);
  w.WriteString("scope", scope);
  w.WriteInt("next_batch", next_batch);
  w.WriteList("segments", segments);
}

Result<Manifest> Manifest::Deserialize(const serde::Reader& r) {
  Manifest m;
  KALAM_ASSIGN_OR_RETURN(m.table, r.ReadString("table"));
  KALAM_ASSIGN_OR_RETURN(m.scope, r.ReadString("scope"));
  KALAM_ASSIGN_OR_RETURN(m.next_batch, r.ReadInt("next_batch"));
  KALAM_ASSIGN_OR_RETURN(m.segments, r.ReadList<Segment>("segments"));
  return m;
}

std::string KeyHex(std::string_view key) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(key.size() * 2);
  for (char c : key) {
    out.push_back(kDigits[static_cast<uint8_t>(c) >> 4]);
    out.push_back(kDigits[static_cast<uint8_t>(c) & 0xf]);
  }
  return out;
}

bool KeysDisjoint(const std::vector<Segment>& segments, const std::optional<std::pair<std::string, std::string>>& hot) {
  std::vector<std::pair<std::string, std::string>> ranges;
  for (const auto& s : segments) {
    if (s.tombstones != 0 || s.min_key.empty() || s.max_key.empty()) return false;
    ranges.emplace_back(s.min_key, s.max_key);
  }
  if (hot) ranges.emplace_back(KeyHex(hot->first), KeyHex(hot->second));
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (!(ranges[i - 1].second < ranges[i].first)) return false;
  }
  return true;
}

std::string ManifestStore::Prefix(const TableId& table) {
  return "manifest/" + table.ns.value() + "/" + table.name.value() + "/";
}

Result<std::optional<Manifest>> ManifestStore::Get(const TableId& table, const std::string& scope,
                                                   const store::Snapshot* snapshot) const {
  KALAM_ASSIGN_OR_RETURN(auto bytes, store_->Get(store::Store::kSystemFamily, Prefix(table) + scope, snapshot));
  if (!bytes) return std::optional<Manifest>();
  KALAM_ASSIGN_OR_RETURN(Manifest m, serde::Decode<Manifest>(*bytes, format_));
  return std::optional<Manifest>(std::move(m));
}

Result<std::vector<std::string>> ManifestStore::Scopes(const TableId& table) const {
  std::vector<std::string> scopes;
  const std::string prefix = Prefix(table);
  KALAM_RETURN_IF_ERROR(store_->ScanPrefix(store::Store::kSystemFamily, prefix,
                                           [&](std::string_view key, std::string_view) {
                                             scopes.emplace_back(key.substr(prefix.size()));
                                             return true;
                                           }));
  return scopes;
}

store::WriteOp ManifestStore::PutOp(const TableId& table, const Manifest& manifest) const {
  return store::WriteOp{std::string(store::Store::kSystemFamily), Prefix(table) + manifest.scope,
                        serde::Encode(manifest, format_)};
}

Result<std::vector<store::WriteOp>> ManifestStore::DropOps(const TableId& table) const {
  KALAM_ASSIGN_OR_RETURN(auto scopes, Scopes(table));
  std::vector<store::WriteOp> ops;
  for (const auto& scope : scopes) {
    ops.push_back(store::WriteOp{std::string(store::Store::kSystemFamily), Prefix(table) + scope, std::nullopt});
  }
  return ops;
}

std::string ManifestStore::ToJson(const Manifest& manifest) { return serde::Encode(manifest, serde::Format::kJson); }

}  // namespace kalam::cold
