#include "catalog/access.h"

namespace kalam::catalog {
namespace {

bool AtLeastService(Role role) { return role != Role::kUser; }

}  // namespace

bool MayRead(Role role, const TableRecord& table) {
  if (table.IsPerUser()) return true;
  switch (table.access_level) {
    case AccessLevel::kPublic:
      return true;
    case AccessLevel::kPrivate:
      return AtLeastService(role);
    case AccessLevel::kRestricted:
      return IsAdmin(role);
  }
  return false;
}

bool MayWrite(Role role, const TableRecord& table) {
  if (table.IsPerUser()) return true;
  switch (table.access_level) {
    case AccessLevel::kPublic:
    case AccessLevel::kPrivate:
      return AtLeastService(role);
    case AccessLevel::kRestricted:
      return IsAdmin(role);
  }
  return false;
}

}  // namespace kalam::catalog
