#include "server/bootstrap.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "auth/password.h"

namespace kalam::server {
namespace fs = std::filesystem;

Status PrepareDataDir(const std::string& data_path) {
  for (const char* sub : {"rocksdb", "storage", "exports", "tmp"}) {
    std::error_code ec;
    fs::create_directories(fs::path(data_path) / sub, ec);
    if (ec) {
      return Status(ErrorCode::kInternal,
                    "could not create " + (fs::path(data_path) / sub).string() + ": " + ec.message());
    }
  }
  return Status::OK();
}

Status RecordRestore(const jobs::AppliedRestore& restored, catalog::JobCatalog& jobs, const Clock& clock) {
  const int64_t now = clock.NowMicros();
  if (auto backup = jobs.Get(restored.backup.job_id); backup && backup->IsActive()) {
    backup->status = JobStatus::kCompleted;
    backup->message = "Backed up (this database was restored from it)";
    backup->finished_at_us = now;
    KALAM_RETURN_IF_ERROR(jobs.Put(*backup));
  }
  if (restored.restore_job_id.empty()) return Status::OK();
  catalog::JobRecord job;
  job.job_id = restored.restore_job_id;
  job.type = JobType::kRestore;
  job.status = JobStatus::kCompleted;
  job.parameters = nlohmann::json{{"path", restored.from}}.dump();
  job.message = fmt::format("Restored from '{}' (backup {} of {})", restored.from, restored.backup.job_id,
                            restored.backup.created_at);
  job.created_at_us = job.started_at_us.emplace(now);
  job.finished_at_us = now;
  return jobs.Put(job);
}

Result<std::string> LoadOrCreateJwtSecret(const std::string& data_path, const std::string& configured) {
  if (!configured.empty()) return configured;
  fs::path path = fs::path(data_path) / "jwt_secret";
  if (std::ifstream in(path); in) {
    std::stringstream ss;
    ss << in.rdbuf();
    std::string secret = ss.str();
    if (secret.size() >= 32) return secret;
  }
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return Status(ErrorCode::kInternal, "could not generate a JWT secret");
  }
  std::string secret;
  for (unsigned char b : bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    secret.push_back(kHex[b >> 4]);
    secret.push_back(kHex[b & 15]);
  }
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << secret;
    if (!out) return Status(ErrorCode::kInternal, "could not write " + tmp.string());
  }
  ::chmod(tmp.c_str(), 0600);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status(ErrorCode::kInternal, "could not write " + path.string() + ": " + ec.message());
  return secret;
}

Status EnsureRootUser(catalog::UserCatalog& users, const std::string& root_password, const Clock& clock) {
  UserId root("root");
  auto existing = users.Get(root);
  if (existing) {
    if (root_password.empty() || auth::VerifyPassword(root_password, existing->password_hash)) {
      return Status::OK();
    }
    catalog::UserRecord updated = *existing;
    KALAM_ASSIGN_OR_RETURN(updated.password_hash, auth::HashPassword(root_password));
    updated.updated_at_us = clock.NowMicros();
    return users.Put(updated);
  }
  catalog::UserRecord user;
  user.username = root;
  user.role = Role::kSystem;
  if (!root_password.empty()) {
    KALAM_ASSIGN_OR_RETURN(user.password_hash, auth::HashPassword(root_password));
  }
  user.created_at_us = user.updated_at_us = clock.NowMicros();
  return users.Put(user);
}

}  // namespace kalam::server
