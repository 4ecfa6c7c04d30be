#pragma once

#include "catalog/table_record.h"
#include "common/enums.h"

namespace kalam::catalog {

/// CONTRACT §5: who may read and write a table. USER and STREAM tables: every role, own rows only.
/// SHARED: public → all read, service+ write; private → service+; restricted → dba+.
/// TODO(#4): the full permission table of the users issue replaces this.
bool MayRead(Role role, const TableRecord& table);
bool MayWrite(Role role, const TableRecord& table);
/// dba or system.
inline bool IsAdmin(Role role) { return role == Role::kDba || role == Role::kSystem; }

}  // namespace kalam::catalog
