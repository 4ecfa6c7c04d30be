#pragma once

#include <string>

namespace kalam::sql {

/// BACKUP DATABASE TO '/path': a job writing the whole database to a directory.
struct BackupDatabase {
  std::string path;
};

/// RESTORE DATABASE FROM '/path': a job staging a backup, applied when the server restarts.
struct RestoreDatabase {
  std::string path;
};

}  // namespace kalam::sql
