#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/caller.h"
#include "common/status.h"
#include "common/value.h"

namespace kalam::catalog {

/// A read-only table of the `system` namespace, materialised per query for its caller.
struct SystemTable {
  std::string name;
  std::vector<ColumnInfo> columns;
  /// Readable by every role (rows filtered by `rows`); otherwise dba and system only.
  bool any_role = false;
  /// The rows the caller may see, in the order of `columns`.
  std::function<Result<std::vector<Row>>(const Caller&)> rows;
};

/// Name → system table. Filled at start-up, read-only afterwards (so thread-safe to read).
class SystemTableRegistry {
 public:
  void Register(SystemTable table);
  /// nullptr when there is no such system table.
  const SystemTable* Find(std::string_view name) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, SystemTable, std::less<>> tables_;
};

}  // namespace kalam::catalog
