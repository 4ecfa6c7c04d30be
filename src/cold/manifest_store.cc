#include "cold/manifest.h"

#include <algorithm>

namespace kalam::cold {

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
