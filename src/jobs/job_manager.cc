#include "jobs/job_manager.h"

#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "jobs/flush_job.h"
#include "logging/logging.h"

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
  worker_ = std::thread([this] { Run(); });
  return Status::OK();
}

void JobManager::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
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
  return fmt::format("{}-{:012x}", catalog::JobIdPrefix(type), random() & 0xFFFFFFFFFFFFULL);
}

Result<JobManager::Submitted> JobManager::Submit(JobType type, const catalog::TableRecord& table) {
  if (type != JobType::kFlush) {
    return Status(ErrorCode::kFeatureNotSupported, fmt::format("{} jobs are not supported yet", ToString(type)));
  }
  std::lock_guard lock(mu_);
  if (stopping_) return Status(ErrorCode::kShuttingDown, "the server is shutting down");
  ActiveKey key{type, table.id.ToString()};
  if (auto it = active_.find(key); it != active_.end()) return Submitted{it->second, true};
  catalog::JobRecord job;
  job.job_id = NewJobId(type);
  job.type = type;
  job.status = JobStatus::kQueued;
  job.namespace_id = table.id.ns.value();
  job.table_name = table.id.name.value();
  job.created_at_us = ctx_.clock->NowMicros();
  KALAM_RETURN_IF_ERROR(ctx_.catalog->jobs().Put(job));
  active_.emplace(key, job.job_id);
  queue_.push_back(job.job_id);
  wake_.notify_one();
  return Submitted{job.job_id, false};
}

void JobManager::Run() {
  while (true) {
    std::string id;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
    }
    auto job = ctx_.catalog->jobs().Get(id);
    if (job) Execute(std::move(*job));
  }
}

void JobManager::Execute(catalog::JobRecord job) {
  auto log = logging::Logger("jobs");
  job.status = JobStatus::kRunning;
  job.started_at_us = ctx_.clock->NowMicros();
  if (Status s = ctx_.catalog->jobs().Put(job); !s.ok()) KALAM_LOG_ERROR(log, "job {}: {}", job.job_id, s.ToString());
  Result<std::string> outcome = RunJob(job);
  job.finished_at_us = ctx_.clock->NowMicros();
  if (outcome.ok()) {
    job.status = JobStatus::kCompleted;
    job.message = *outcome;
    KALAM_LOG_INFO(log, "job {} ({} {}.{}) completed: {}", job.job_id, ToString(job.type),
                   job.namespace_id.value_or(""), job.table_name.value_or(""), job.message);
  } else {
    job.status = JobStatus::kFailed;
    job.message = outcome.error().message();
    KALAM_LOG_ERROR(log, "job {} failed: {}", job.job_id, job.message);
  }
  if (Status s = ctx_.catalog->jobs().Put(job); !s.ok()) KALAM_LOG_ERROR(log, "job {}: {}", job.job_id, s.ToString());
  {
    std::lock_guard lock(mu_);
    active_.erase(ActiveKey{job.type, job.namespace_id.value_or("") + "." + job.table_name.value_or("")});
  }
  idle_.notify_all();
}

void JobManager::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return active_.empty() || stopping_; });
}

Result<std::string> JobManager::RunJob(const catalog::JobRecord& job) {
  auto ns = NamespaceId::Parse(job.namespace_id.value_or(""));
  auto name = TableName::Parse(job.table_name.value_or(""));
  if (!ns.ok() || !name.ok()) return Status(ErrorCode::kInvalidParameter, "the job names no table");
  auto table = ctx_.catalog->tables().Get(TableId{*ns, *name});
  if (!table) return Status(ErrorCode::kTableNotFound, fmt::format("table {}.{} no longer exists", ns->value(), name->value()));
  switch (job.type) {
    case JobType::kFlush: {
      KALAM_ASSIGN_OR_RETURN(FlushStats stats, FlushTable(*table, job.job_id, ctx_));
      if (stats.rows == 0) return std::string("Nothing to flush");
      return fmt::format("Flushed {} rows into {} files ({} partitions)", stats.rows, stats.files, stats.partitions);
    }
    case JobType::kCompact:
    case JobType::kCleanup:
    case JobType::kRetention:
    case JobType::kStreamEviction:
    case JobType::kBackup:
    case JobType::kRestore:
    case JobType::kUserExport:
      break;
  }
  return Status(ErrorCode::kFeatureNotSupported, fmt::format("{} jobs are not supported yet", ToString(job.type)));
}

}  // namespace kalam::jobs
