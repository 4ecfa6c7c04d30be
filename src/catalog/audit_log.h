#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/system_table.h"
#include "common/clock.h"
#include "serde/serde.h"
#include "store/store.h"

namespace kalam::catalog {

/// One row of system.audit_log.
struct AuditEntry {
  int64_t audit_id = 0;
  int64_t timestamp_us = 0;
  std::string actor;        // username ("" when unknown, e.g. a login for no such user)
  std::string action;       // LOGIN, LOGIN_FAILED, CREATE USER, DROP TABLE, PERMISSION_DENIED, ...
  std::string target;       // the object acted on
  std::string details;      // free text
  std::string client_addr;

  void Serialize(serde::Writer& w) const;
  static Result<AuditEntry> Deserialize(const serde::Reader& r);
};

/// system.audit_log: an append-only log of logins, user management, DDL and permission denials,
/// kept in the system column family (`audit/{id}`), WAL-logged without a per-entry fsync, the
/// newest `max_entries` kept. Thread-safe.
class AuditLog {
 public:
  AuditLog(store::Store* store, serde::Format format, const Clock* clock, int64_t max_entries = 100000)
      : store_(store), format_(format), clock_(clock), max_entries_(max_entries) {}

  /// Finds the id range of the entries already stored.
  Status Load();
  /// Appends an entry stamped with the current time. Failures are logged, never returned: an
  /// audit write must not fail the request it describes.
  void Append(std::string actor, std::string action, std::string target, std::string details,
              std::string client_addr);
  /// Every kept entry, oldest first.
  Result<std::vector<AuditEntry>> List() const;

 private:
  static std::string KeyOf(int64_t id);

  store::Store* store_;
  serde::Format format_;
  const Clock* clock_;
  int64_t max_entries_;
  std::mutex mu_;
  int64_t first_id_ = 1;  // guarded by mu_
  int64_t next_id_ = 1;   // guarded by mu_
};

/// The system.audit_log table (dba and system only).
SystemTable MakeAuditLogTable(const AuditLog* log);

}  // namespace kalam::catalog
