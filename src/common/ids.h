#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/strong_id.h"

namespace kalam {

/// True when `s` matches ^[A-Za-z_][A-Za-z0-9_]*$ and is at most 63 bytes (PostgreSQL's NAMEDATALEN).
bool IsValidIdentifier(std::string_view s);

/// A namespace name (lower-case unless it was quoted). Built only through Parse.
class NamespaceId : public StrongId<struct NamespaceIdTag, std::string> {
 public:
  /// INVALID_PARAMETER unless `s` is a valid identifier.
  static Result<NamespaceId> Parse(std::string_view s);
  /// True for system, information_schema, pg_catalog and kalam.
  bool IsReserved() const;

 private:
  explicit NamespaceId(std::string v) : StrongId(std::move(v)) {}
};

/// A table name inside a namespace. Built only through Parse.
class TableName : public StrongId<struct TableNameTag, std::string> {
 public:
  static Result<TableName> Parse(std::string_view s);

 private:
  explicit TableName(std::string v) : StrongId(std::move(v)) {}
};

/// A storage id (e.g. `local`). Built only through Parse.
class StorageId : public StrongId<struct StorageIdTag, std::string> {
 public:
  static Result<StorageId> Parse(std::string_view s);

 private:
  explicit StorageId(std::string v) : StrongId(std::move(v)) {}
};

/// namespace.table
struct TableId {
  NamespaceId ns;
  TableName name;
  auto operator<=>(const TableId&) const = default;
  std::string ToString() const { return ns.value() + "." + name.value(); }
};

using UserId = StrongId<struct UserIdTag, std::string>;
using JobId = StrongId<struct JobIdTag, std::string>;
using LiveQueryId = StrongId<struct LiveQueryIdTag, std::string>;

}  // namespace kalam

template <>
struct std::hash<kalam::NamespaceId> : std::hash<kalam::StrongId<kalam::NamespaceIdTag, std::string>> {};
template <>
struct std::hash<kalam::TableName> : std::hash<kalam::StrongId<kalam::TableNameTag, std::string>> {};
template <>
struct std::hash<kalam::StorageId> : std::hash<kalam::StrongId<kalam::StorageIdTag, std::string>> {};
template <>
struct std::hash<kalam::TableId> {
  size_t operator()(const kalam::TableId& id) const noexcept {
    return std::hash<std::string>{}(id.ns.value()) * 31 + std::hash<std::string>{}(id.name.value());
  }
};
template <>
struct fmt::formatter<kalam::NamespaceId> : fmt::formatter<kalam::StrongId<kalam::NamespaceIdTag, std::string>> {};
template <>
struct fmt::formatter<kalam::TableName> : fmt::formatter<kalam::StrongId<kalam::TableNameTag, std::string>> {};
template <>
struct fmt::formatter<kalam::StorageId> : fmt::formatter<kalam::StrongId<kalam::StorageIdTag, std::string>> {};
template <>
struct fmt::formatter<kalam::TableId> : fmt::formatter<std::string> {
  template <class Ctx>
  auto format(const kalam::TableId& id, Ctx& ctx) const {
    return fmt::formatter<std::string>::format(id.ToString(), ctx);
  }
};
