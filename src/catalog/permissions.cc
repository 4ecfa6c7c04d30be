#include "catalog/permissions.h"

#include <array>

#include <fmt/format.h>

namespace kalam::catalog {
namespace {

using Roles = uint8_t;
constexpr Roles Bit(Role r) { return static_cast<Roles>(1u << static_cast<uint8_t>(r)); }
constexpr Roles kAdmin = Bit(Role::kDba) | Bit(Role::kSystem);
constexpr Roles kService = Bit(Role::kService) | kAdmin;
constexpr Roles kEveryone = Bit(Role::kUser) | kService;

struct Rule {
  ObjectKind kind;
  Action action;
  Roles roles;
};

/// The whole access policy (CONTRACT §5). USER/STREAM rows are the caller's own: the scan and the
/// writers never reach another user's partition, so "everyone" there means "on their own rows".
constexpr std::array kRules = {
    // Per-user tables: DML on one's own rows for every role; DDL for dba.
    Rule{ObjectKind::kUserTable, Action::kSelect, kEveryone},
    Rule{ObjectKind::kUserTable, Action::kInsert, kEveryone},
    Rule{ObjectKind::kUserTable, Action::kUpdate, kEveryone},
    Rule{ObjectKind::kUserTable, Action::kDelete, kEveryone},
    Rule{ObjectKind::kUserTable, Action::kTriggerJob, kService},
    Rule{ObjectKind::kStreamTable, Action::kSelect, kEveryone},
    Rule{ObjectKind::kStreamTable, Action::kInsert, kEveryone},
    Rule{ObjectKind::kStreamTable, Action::kUpdate, kEveryone},
    Rule{ObjectKind::kStreamTable, Action::kDelete, kEveryone},
    Rule{ObjectKind::kStreamTable, Action::kTriggerJob, kService},
    // SHARED public: all read, service+ write.
    Rule{ObjectKind::kSharedPublic, Action::kSelect, kEveryone},
    Rule{ObjectKind::kSharedPublic, Action::kInsert, kService},
    Rule{ObjectKind::kSharedPublic, Action::kUpdate, kService},
    Rule{ObjectKind::kSharedPublic, Action::kDelete, kService},
    Rule{ObjectKind::kSharedPublic, Action::kTriggerJob, kService},
    // SHARED private: service+.
    Rule{ObjectKind::kSharedPrivate, Action::kSelect, kService},
    Rule{ObjectKind::kSharedPrivate, Action::kInsert, kService},
    Rule{ObjectKind::kSharedPrivate, Action::kUpdate, kService},
    Rule{ObjectKind::kSharedPrivate, Action::kDelete, kService},
    Rule{ObjectKind::kSharedPrivate, Action::kTriggerJob, kService},
    // SHARED restricted: dba+.
    Rule{ObjectKind::kSharedRestricted, Action::kSelect, kAdmin},
    Rule{ObjectKind::kSharedRestricted, Action::kInsert, kAdmin},
    Rule{ObjectKind::kSharedRestricted, Action::kUpdate, kAdmin},
    Rule{ObjectKind::kSharedRestricted, Action::kDelete, kAdmin},
    Rule{ObjectKind::kSharedRestricted, Action::kTriggerJob, kAdmin},
    // System tables are read-only, for dba and system.
    Rule{ObjectKind::kSystemTable, Action::kSelect, kAdmin},
    // Schema changes: dba.
    Rule{ObjectKind::kTable, Action::kCreate, kAdmin},
    Rule{ObjectKind::kTable, Action::kAlter, kAdmin},
    Rule{ObjectKind::kTable, Action::kDrop, kAdmin},
    Rule{ObjectKind::kNamespace, Action::kCreate, kAdmin},
    Rule{ObjectKind::kNamespace, Action::kAlter, kAdmin},
    Rule{ObjectKind::kNamespace, Action::kDrop, kAdmin},
    // Accounts: dba manages users; anyone may change its own password; service+ act as a user.
    Rule{ObjectKind::kUser, Action::kSelect, kAdmin},
    Rule{ObjectKind::kUser, Action::kCreate, kAdmin},
    Rule{ObjectKind::kUser, Action::kAlter, kAdmin},
    Rule{ObjectKind::kUser, Action::kDrop, kAdmin},
    Rule{ObjectKind::kUser, Action::kExecuteAs, kService},
    Rule{ObjectKind::kOwnAccount, Action::kAlter, kEveryone},
    Rule{ObjectKind::kCache, Action::kDrop, kAdmin},
    Rule{ObjectKind::kStorage, Action::kCreate, kAdmin},
    Rule{ObjectKind::kStorage, Action::kAlter, kAdmin},
    Rule{ObjectKind::kStorage, Action::kDrop, kAdmin},
    // The whole database: service+ back it up (a job, like a flush); dba restores it.
    Rule{ObjectKind::kDatabase, Action::kTriggerJob, kService},
    Rule{ObjectKind::kDatabase, Action::kAlter, kAdmin},
    // The server's own tables (kalam.user_files): each user reads their rows; the server alone writes.
    Rule{ObjectKind::kKalamTable, Action::kSelect, kEveryone},
    Rule{ObjectKind::kKalamTable, Action::kTriggerJob, kService},
};

}  // namespace

bool Allowed(Role role, Action action, ObjectKind kind) {
  for (const Rule& rule : kRules) {
    if (rule.kind == kind && rule.action == action) return (rule.roles & Bit(role)) != 0;
  }
  return false;
}

ObjectKind KindOf(const TableRecord& table) {
  if (table.id.ns.IsReserved()) return ObjectKind::kKalamTable;
  switch (table.type) {
    case TableType::kUser:
      return ObjectKind::kUserTable;
    case TableType::kStream:
      return ObjectKind::kStreamTable;
    case TableType::kSystem:
      return ObjectKind::kSystemTable;
    case TableType::kShared:
      break;
  }
  switch (table.access_level) {
    case AccessLevel::kPublic:
      return ObjectKind::kSharedPublic;
    case AccessLevel::kPrivate:
      return ObjectKind::kSharedPrivate;
    case AccessLevel::kRestricted:
      return ObjectKind::kSharedRestricted;
  }
  return ObjectKind::kSharedRestricted;
}

Status Require(Role role, Action action, ObjectKind kind, std::string_view what) {
  if (Allowed(role, action, kind)) return Status::OK();
  return Status(ErrorCode::kPermissionDenied, fmt::format("permission denied to {}", what));
}

Status RequireOnTable(Role role, Action action, const TableRecord& table) {
  if (Allowed(role, action, KindOf(table))) return Status::OK();
  return Status(ErrorCode::kPermissionDenied,
                fmt::format("permission denied for table {}", table.id.name.value()));
}

}  // namespace kalam::catalog
