#include "jobs/job_manager.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalog/flush_policy.h"
#include "catalog/table_families.h"
#include "jobs/backup.h"
#include "jobs/flush_job.h"
#include "jobs/stream_eviction.h"
#include "jobs/user_export.h"
#include "logging/logging.h"
#include "objstore/object_store.h"

namespace kalam::jobs {

JobManager::JobManager(JobContext ctx) : ctx_(std::move(ctx)) {}

JobManager::~JobManager() { Stop(); }

Status JobManager::Start() {
  KALAM_ASSIGN_OR_RETURN(size_t failed, ctx_.catalog->jobs().FailInterrupted(ctx_.clock->NowMicros()));
  if (failed > 0) {
    KALAM_LOG_WARN(logging::Logger("jobs"), "{} job(s) interrupted by the last shutdown marked failed", failed);
  }
  std::error_code ec;
  std::filesystem::remove_all(ctx_.scratch_dir, ec);  // half-written files of interrupted jobs
  std::filesystem::create_directories(ctx_.scratch_dir, ec);
  if (ec) return Status(ErrorCode::kInternal, fmt::format("could not create {}: {}", ctx_.scratch_dir, ec.message()));
  worker_ = std::thread([this] { Work(); });
  scheduler_ = std::thread([this] { Schedule(); });
  return Status::OK();
}

void JobManager::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  idle_.notify_all();
  if (worker_.joinable()) worker_.join();
  if (scheduler_.joinable()) scheduler_.join();
  std::lock_guard lock(mu_);
  for (const auto& id : queue_) {
    auto job = ctx_.catalog->jobs().Get(id);
    if (!job) continue;
    job->status = JobStatus::kCancelled;
    job->message = "cancelled: the server stopped before the job ran";
    job->finished_at_us = ctx_.clock->NowMicros();
    (void)ctx_.catalog->jobs().Put(*job);
  }
  queue_.clear();
}

std::string JobManager::NewJobId(JobType type) {
  static thread_local std::mt19937_64 random{std::random_device()()};
  return fmt::format("{}-{:012x}", JobIdPrefix(type), random() & 0xFFFFFFFFFFFFULL);
}

JobManager::ActiveKey JobManager::ActiveKeyOf(const catalog::JobRecord& job) {
  if (auto user = ExportUserOf(job)) return ActiveKey{job.type, "user:" + user->value()};
  if (job.type == JobType::kBackup || job.type == JobType::kRestore) return ActiveKey{job.type, "database"};
  return ActiveKey{job.type, job.namespace_id.value_or("") + "." + job.table_name.value_or("")};
}

Result<JobManager::Submitted> JobManager::Enqueue(catalog::JobRecord job) {
  if (stopping_) return Status(ErrorCode::kShuttingDown, "the server is shutting down");
  const ActiveKey key = ActiveKeyOf(job);
  if (auto it = active_.find(key); it != active_.end()) return Submitted{it->second, true};
  job.job_id = NewJobId(job.type);
  job.status = JobStatus::kQueued;
  job.created_at_us = ctx_.clock->NowMicros();
  KALAM_RETURN_IF_ERROR(ctx_.catalog->jobs().Put(job));
  active_.emplace(key, job.job_id);
  queue_.push_back(job.job_id);
  wake_.notify_all();
  return Submitted{job.job_id, false};
}

Result<JobManager::Submitted> JobManager::Submit(JobType type, const catalog::TableRecord& table, int64_t min_files) {
  if (type != JobType::kFlush && type != JobType::kCompact) {
    return Status(ErrorCode::kFeatureNotSupported, fmt::format("{} jobs are not supported yet", ToString(type)));
  }
  catalog::JobRecord job;
  job.type = type;
  job.namespace_id = table.id.ns.value();
  job.table_name = table.id.name.value();
  if (type == JobType::kCompact) job.parameters = fmt::format("{{\"min_files\":{}}}", min_files);
  std::lock_guard lock(mu_);
  KALAM_ASSIGN_OR_RETURN(Submitted submitted, Enqueue(std::move(job)));
  if (type == JobType::kCompact && !submitted.existing) min_files_[submitted.job_id] = min_files;
  return submitted;
}

Result<JobManager::Submitted> JobManager::SubmitUserExport(const UserId& user) {
  catalog::JobRecord job;
  job.type = JobType::kUserExport;
  job.parameters = ExportParameters(user);
  std::lock_guard lock(mu_);
  return Enqueue(std::move(job));
}

Result<JobManager::Submitted> JobManager::SubmitDatabaseJob(JobType type, const std::string& path) {
  if (type != JobType::kBackup && type != JobType::kRestore) {
    return Status(ErrorCode::kInternal, "SubmitDatabaseJob: not a backup or a restore");
  }
  catalog::JobRecord job;
  job.type = type;
  job.parameters = nlohmann::json{{"path", path}}.dump();
  std::lock_guard lock(mu_);
  return Enqueue(std::move(job));
}

Result<std::string> JobManager::ExportFileOf(const std::string& job_id, const UserId& user) const {
  auto job = ctx_.catalog->jobs().Get(job_id);
  auto owner = job ? ExportUserOf(*job) : std::nullopt;
  if (!owner || *owner != user) {
    return Status(ErrorCode::kRouteNotFound, fmt::format("export {} does not exist", job_id));
  }
  if (job->status != JobStatus::kCompleted) {
    return Status(ErrorCode::kObjectInUse, fmt::format("export {} is not ready: it is {}", job_id, ToString(job->status)));
  }
  const std::string path = ExportPath(ctx_, user, job_id);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status(ErrorCode::kRouteNotFound, fmt::format("export {} is no longer kept: export again", job_id));
  }
  return path;
}

Result<catalog::JobRecord> JobManager::Kill(const std::string& job_id, const std::string& by) {
  std::unique_lock lock(mu_);
  auto job = ctx_.catalog->jobs().Get(job_id);
  if (!job) return Status(ErrorCode::kInvalidParameter, fmt::format("job \"{}\" does not exist", job_id));
  if (auto queued = std::find(queue_.begin(), queue_.end(), job_id); queued != queue_.end()) {
    queue_.erase(queued);
    job->status = JobStatus::kCancelled;
    job->message = fmt::format("cancelled by {} before it started", by);
    job->finished_at_us = ctx_.clock->NowMicros();
    KALAM_RETURN_IF_ERROR(ctx_.catalog->jobs().Put(*job));
    active_.erase(ActiveKeyOf(*job));
    min_files_.erase(job_id);
    idle_.notify_all();
    return *job;
  }
  if (running_ != job_id) {
    return Status(ErrorCode::kInvalidParameter,
                  fmt::format("job {} is not queued or running: it {}", job_id, ToString(job->status)));
  }
  cancelled_by_ = by;
  cancel_ = true;
  idle_.wait(lock, [&] { return running_ != job_id || stopping_; });
  job = ctx_.catalog->jobs().Get(job_id);
  if (!job) return Status(ErrorCode::kInternal, fmt::format("job {} went missing", job_id));
  return *job;
}

void JobManager::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return active_.empty() || stopping_; });
}

void JobManager::Work() {
  // Jobs yield the CPU to requests: on a small machine a flush must not delay INSERTs (Linux
  // keeps a nice value per thread; threads the job starts inherit it).
  (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
  while (true) {
    std::string id;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
      running_ = id;
      cancel_ = false;
    }
    auto job = ctx_.catalog->jobs().Get(id);
    if (job) Execute(std::move(*job));
  }
}

void JobManager::Schedule() {
  const auto period = std::chrono::seconds(std::max<int64_t>(1, ctx_.check_interval_seconds));
  // Replaced files wait for the queries that may read them: look again soon while there are some.
  const auto retry = std::chrono::milliseconds(200);
  auto next_check = std::chrono::steady_clock::now() + period;
  while (true) {
    {
      std::unique_lock lock(mu_);
      const auto wake = replaced_.empty() ? next_check : std::min(next_check, std::chrono::steady_clock::now() + retry);
      wake_.wait_until(lock, wake, [&] { return stopping_ || replaced_added_; });
      if (stopping_) return;
      replaced_added_ = false;
    }
    DeleteReplacedFiles();
    if (std::chrono::steady_clock::now() >= next_check) {
      CheckFlushPolicies();
      EvictExpiredStreams();
      next_check = std::chrono::steady_clock::now() + period;
    }
  }
}

int64_t JobManager::EvictExpiredStreams() {
  int64_t removed = 0;
  const int64_t now_ms = ctx_.clock->NowMicros() / 1000;
  for (const auto& table : ctx_.catalog->tables().List()) {
    if (table.type != TableType::kStream) continue;
    auto n = EvictExpiredStreamRows(table, ctx_, now_ms);
    if (n.ok()) {
      removed += *n;
    } else {
      KALAM_LOG_WARN(logging::Logger("jobs"), "evicting expired rows of {} failed: {}", table.id.ToString(), n.error().ToString());
    }
  }
  return removed;
}

void JobManager::CheckFlushPolicies() {
  const int64_t now = ctx_.clock->NowMicros();
  for (const auto& table : ctx_.catalog->tables().List()) {
    if (table.type != TableType::kUser && table.type != TableType::kShared) continue;
    auto policy = catalog::ParseFlushPolicy(table.flush_policy);
    const int64_t rows = policy.ok() && policy->rows ? *policy->rows : ctx_.flush_rows;
    const int64_t interval = policy.ok() && policy->interval_seconds ? *policy->interval_seconds
                                                                      : ctx_.flush_interval_seconds;
    int64_t estimate = 0;
    bool any = false;
    for (const auto& family : catalog::FamiliesOf(table, ctx_.user_shards)) {
      if (!ctx_.store->HasColumnFamily(family)) continue;
      estimate += ctx_.store->EstimateKeys(family);
      if (!any) {
        auto cursor = ctx_.store->NewCursor(family, "");
        any = cursor.ok() && (*cursor)->Valid();
      }
    }
    const std::string key = table.id.ToString();
    bool due = false;
    {
      std::lock_guard lock(mu_);
      auto [it, inserted] = last_flush_us_.emplace(key, now);
      if (!any) {
        it->second = now;  // the interval counts from when rows start to wait
        continue;
      }
      due = estimate >= rows || now - it->second >= interval * 1000000;
    }
    if (due) (void)Submit(JobType::kFlush, table);
  }
}

void JobManager::DeleteReplacedFiles() {
  std::vector<ReplacedFile> ready;
  {
    std::lock_guard lock(mu_);
    const uint64_t oldest = ctx_.engine->OldestRunningQuery();
    auto keep = std::partition(replaced_.begin(), replaced_.end(),
                               [&](const ReplacedFile& f) { return f.query_clock >= oldest; });
    ready.assign(keep, replaced_.end());
    replaced_.erase(keep, replaced_.end());
  }
  for (const auto& f : ready) {
    auto files = objstore::Open(f.storage);
    if (files.ok()) (void)(*files)->Delete(f.path);
    if (ctx_.files != nullptr) ctx_.files->Evict(f.storage, f.path);
  }
}

void JobManager::Execute(catalog::JobRecord job) {
  auto log = logging::Logger("jobs");
  job.status = JobStatus::kRunning;
  job.started_at_us = ctx_.clock->NowMicros();
  if (Status s = ctx_.catalog->jobs().Put(job); !s.ok()) KALAM_LOG_ERROR(log, "job {}: {}", job.job_id, s.ToString());
  Result<std::string> outcome = Run(job);
  DeleteReplacedFiles();
  job.finished_at_us = ctx_.clock->NowMicros();
  if (outcome.ok()) {
    job.status = JobStatus::kCompleted;
    job.message = *outcome;
    KALAM_LOG_INFO(log, "job {} ({} {}.{}) completed: {}", job.job_id, ToString(job.type),
                   job.namespace_id.value_or(""), job.table_name.value_or(""), job.message);
  } else if (outcome.error().code() == ErrorCode::kQueryCanceled && cancel_) {
    job.status = JobStatus::kCancelled;
    std::lock_guard lock(mu_);
    job.message = fmt::format("cancelled by {} while running (what it had moved stays moved)", cancelled_by_);
    KALAM_LOG_INFO(log, "job {} {}", job.job_id, job.message);
  } else {
    job.status = JobStatus::kFailed;
    job.message = outcome.error().message();
    KALAM_LOG_ERROR(log, "job {} failed: {}", job.job_id, job.message);
  }
  if (Status s = ctx_.catalog->jobs().Put(job); !s.ok()) KALAM_LOG_ERROR(log, "job {}: {}", job.job_id, s.ToString());
  if (job.type == JobType::kRestore && job.status == JobStatus::kCompleted && ctx_.request_restart) {
    KALAM_LOG_WARN(log, "job {}: restarting the server to apply the restore", job.job_id);
    ctx_.request_restart();
  }
  {
    std::lock_guard lock(mu_);
    const std::string key = job.namespace_id.value_or("") + "." + job.table_name.value_or("");
    active_.erase(ActiveKeyOf(job));
    min_files_.erase(job.job_id);
    running_.clear();
    if (job.type == JobType::kFlush) last_flush_us_[key] = *job.finished_at_us;
  }
  idle_.notify_all();
  CompactDeletedRanges();
}

void JobManager::CompactDeletedRanges() {
  std::vector<std::tuple<std::string, std::string, std::string>> ranges;
  {
    std::lock_guard lock(mu_);
    ranges.swap(deleted_ranges_);
  }
  for (const auto& [family, first, last] : ranges) {
    if (!ctx_.store->HasColumnFamily(family)) continue;  // the table was dropped meanwhile
    Status s = ctx_.store->CompactRange(family, first, last);
    if (!s.ok()) KALAM_LOG_WARN(logging::Logger("jobs"), "compacting {} after a flush: {}", family, s.ToString());
  }
}

Result<std::string> JobManager::Run(const catalog::JobRecord& job) {
  switch (job.type) {
    case JobType::kFlush:
    case JobType::kCompact: {
      auto ns = NamespaceId::Parse(job.namespace_id.value_or(""));
      auto name = TableName::Parse(job.table_name.value_or(""));
      if (!ns.ok() || !name.ok()) return Status(ErrorCode::kInvalidParameter, "the job names no table");
      auto table = ctx_.catalog->tables().Get(TableId{*ns, *name});
      if (!table) {
        return Status(ErrorCode::kTableNotFound, fmt::format("table {}.{} no longer exists", ns->value(), name->value()));
      }
      return RunTableJob(job, *table);
    }
    case JobType::kUserExport:
      return RunUserExport(job);
    case JobType::kBackup:
    case JobType::kRestore:
      return RunDatabaseJob(job);
    case JobType::kCleanup:
    case JobType::kRetention:
    case JobType::kStreamEviction:
      break;
  }
  return Status(ErrorCode::kFeatureNotSupported, fmt::format("{} jobs are not supported yet", ToString(job.type)));
}

Result<std::string> JobManager::RunUserExport(const catalog::JobRecord& job) {
  auto user = ExportUserOf(job);
  if (!user) return Status(ErrorCode::kInvalidParameter, "the job names no user");
  KALAM_ASSIGN_OR_RETURN(ExportStats stats, ExportUserData(*user, job.job_id, ctx_, &cancel_));
  return fmt::format("Exported {} rows of {} tables ({} bytes): GET /v1/exports/{}", stats.rows, stats.tables,
                     stats.bytes, job.job_id);
}

Result<std::string> JobManager::RunDatabaseJob(const catalog::JobRecord& job) {
  auto parameters = nlohmann::json::parse(job.parameters, nullptr, /*allow_exceptions=*/false);
  if (!parameters.is_object() || !parameters.contains("path") || !parameters["path"].is_string()) {
    return Status(ErrorCode::kInvalidParameter, "the job names no path");
  }
  const std::string path = parameters["path"].get<std::string>();
  if (job.type == JobType::kBackup) {
    KALAM_ASSIGN_OR_RETURN(BackupStats stats, BackupDatabase(path, job.job_id, ctx_, &cancel_));
    return fmt::format("Backed up to '{}': {} files, {} bytes ({} filesystem storages copied)", path, stats.files,
                       stats.bytes, stats.storages);
  }
  if (ctx_.data_path.empty()) return Status(ErrorCode::kFeatureNotSupported, "this server cannot restore");
  KALAM_RETURN_IF_ERROR(StageRestore(path, job.job_id, ctx_));
  return fmt::format("Staged the restore from '{}'; the server restarts to apply it", path);
}

Result<std::string> JobManager::RunTableJob(const catalog::JobRecord& job, const catalog::TableRecord& table) {
  switch (job.type) {
    case JobType::kFlush: {
      KALAM_ASSIGN_OR_RETURN(FlushStats stats, FlushTable(table, job.job_id, ctx_, &cancel_));
      {
        std::lock_guard lock(mu_);
        deleted_ranges_.insert(deleted_ranges_.end(), stats.deleted_ranges.begin(), stats.deleted_ranges.end());
      }
      if (stats.most_files > ctx_.max_files_per_user) {
        (void)Submit(JobType::kCompact, table, ctx_.max_files_per_user + 1);
      }
      if (stats.rows == 0) return std::string("Nothing to flush");
      return fmt::format("Flushed {} rows into {} files ({} partitions)", stats.rows, stats.files, stats.partitions);
    }
    case JobType::kCompact: {
      int64_t min_files = 2;
      {
        std::lock_guard lock(mu_);
        if (auto it = min_files_.find(job.job_id); it != min_files_.end()) min_files = it->second;
      }
      std::vector<ReplacedFile> replaced;
      auto stats = CompactTable(table, job.job_id, min_files, ctx_, replaced, &cancel_);
      {
        std::lock_guard lock(mu_);
        replaced_.insert(replaced_.end(), replaced.begin(), replaced.end());
        replaced_added_ = !replaced.empty();
      }
      wake_.notify_all();  // the scheduler retries the deletion shortly
      if (!stats.ok()) return stats.error();
      if (stats->partitions == 0) return std::string("Nothing to compact");
      return fmt::format("Compacted {} files into {} ({} partitions, {} rows)", stats->files_before,
                         stats->files_after, stats->partitions, stats->rows);
    }
    default:
      break;
  }
  return Status(ErrorCode::kInternal, fmt::format("{} is not a table job", ToString(job.type)));
}

}  // namespace kalam::jobs
