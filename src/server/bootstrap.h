#pragma once

#include <string>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/status.h"
#include "jobs/backup.h"

namespace kalam::server {

/// Creates data_path and its rocksdb/, storage/, exports/, tmp/ folders.
Status PrepareDataDir(const std::string& data_path);

/// Records a restore applied at start-up in the restored catalog's jobs: its own job (completed)
/// and the backup's, which the checkpoint caught running.
Status RecordRestore(const jobs::AppliedRestore& restored, catalog::JobCatalog& jobs, const Clock& clock);

/// The JWT secret: the configured one, else the one generated on first start and kept in
/// {data_path}/jwt_secret (mode 0600).
Result<std::string> LoadOrCreateJwtSecret(const std::string& data_path, const std::string& configured);

/// Creates user root (role system) on first start. A configured password is (re)applied when it
/// does not match the stored hash; with none configured, a new root has no password (loopback
/// logins with an empty password only).
Status EnsureRootUser(catalog::UserCatalog& users, const std::string& root_password, const Clock& clock);

}  // namespace kalam::server
