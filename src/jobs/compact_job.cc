#include "jobs/compact_job.h"

#include <filesystem>

#include <fmt/format.h>

#include "cold/locations.h"
#include "common/crash_point.h"
#include "objstore/object_store.h"

namespace kalam::jobs {
namespace {

namespace fs = std::filesystem;

/// Key order of two keys as the manifest writes them (numbers for integer keys).
bool PkLess(const catalog::TableRecord& table, const std::string& a, const std::string& b) {
  if (table.columns[table.PrimaryKeyIndex()].type.id == TypeId::kBigInt) {
    try {
      return std::stoll(a) < std::stoll(b);
    } catch (const std::exception&) {
      return a < b;
    }
  }
  return a < b;
}

/// Compacts one partition; false when it had too few files.
Result<bool> CompactPartition(const catalog::TableRecord& table, const std::string& scope, const std::string& job_id,
                              int64_t min_files, const JobContext& ctx, CompactStats& stats,
                              std::vector<ReplacedFile>& replaced) {
  KALAM_ASSIGN_OR_RETURN(auto current, ctx.manifests->Get(table.id, scope));
  if (!current || static_cast<int64_t>(current->segments.size()) < min_files) return false;
  cold::Manifest manifest = *current;
  KALAM_ASSIGN_OR_RETURN(cold::TableDirectory where, cold::PartitionLocation(table, scope, *ctx.catalog, ctx.user_shards));
  KALAM_ASSIGN_OR_RETURN(auto files, objstore::Open(where.storage));
  cold::Segment segment = cold::NewSegment(table, where, manifest.next_batch, ctx.clock->NowMicros());
  segment.min_seq = INT64_MAX;
  for (const auto& s : manifest.segments) {
    segment.min_seq = std::min(segment.min_seq, s.min_seq);
    segment.max_seq = std::max(segment.max_seq, s.max_seq);
  }
  const std::string local = ctx.NewScratchFile(job_id);
  KALAM_ASSIGN_OR_RETURN(segment.rows, ctx.engine->CompactParquet(table, manifest.segments, local));
  std::error_code ec;
  segment.bytes = static_cast<int64_t>(fs::file_size(local, ec));
  cold::Manifest next = manifest;
  next.next_batch = segment.batch + 1;
  next.segments.clear();
  if (segment.rows > 0) {
    // The merged files' key range (deleted keys may have narrowed it: a superset is safe).
    segment.min_pk = manifest.segments.front().min_pk;
    segment.max_pk = manifest.segments.front().max_pk;
    segment.min_key = manifest.segments.front().min_key;
    segment.max_key = manifest.segments.front().max_key;
    bool keys_known = true;  // unknown for one file (an old manifest): unknown for the merge
    for (const auto& s : manifest.segments) {
      if (PkLess(table, s.min_pk, segment.min_pk)) segment.min_pk = s.min_pk;
      if (PkLess(table, segment.max_pk, s.max_pk)) segment.max_pk = s.max_pk;
      keys_known = keys_known && !s.min_key.empty() && !s.max_key.empty();
      segment.min_key = std::min(segment.min_key, s.min_key);
      segment.max_key = std::max(segment.max_key, s.max_key);
    }
    if (!keys_known) {
      segment.min_key.clear();
      segment.max_key.clear();
    }
    // The merged file has no tombstones (deleted keys are gone) and each key once.
    segment.overlaps_older = false;
    Status put = files->PutFile(segment.path, local);
    if (!put.ok()) {
      fs::remove(local, ec);
      return put;
    }
    next.segments.push_back(segment);
  } else {
    fs::remove(local, ec);  // every row was deleted: no file at all
  }
  CrashPoint("compact-after-upload");
  KALAM_RETURN_IF_ERROR(ctx.store->Write({ctx.manifests->PutOp(table.id, next)}, /*sync=*/true));
  const uint64_t clock = ctx.engine->QueryClock();
  for (const auto& old : manifest.segments) {
    auto id = StorageId::Parse(old.storage_id);
    auto storage = id.ok() ? ctx.catalog->storages().Get(*id) : std::nullopt;
    if (storage) replaced.push_back(ReplacedFile{*storage, old.path, clock});
  }
  KALAM_RETURN_IF_ERROR(cold::ExportManifest(where, next));
  stats.partitions += 1;
  stats.files_before += static_cast<int64_t>(manifest.segments.size());
  stats.files_after += static_cast<int64_t>(next.segments.size());
  stats.rows += segment.rows;
  return true;
}

}  // namespace

Result<CompactStats> CompactTable(const catalog::TableRecord& table, const std::string& job_id, int64_t min_files,
                                  const JobContext& ctx, std::vector<ReplacedFile>& replaced,
                                  const std::atomic<bool>* cancel) {
  if (table.type != TableType::kUser && table.type != TableType::kShared) {
    return Status(ErrorCode::kFeatureNotSupported,
                  fmt::format("COMPACT is not supported for {} tables", ToString(table.type)));
  }
  std::error_code ec;
  fs::create_directories(ctx.scratch_dir, ec);
  CompactStats stats;
  KALAM_ASSIGN_OR_RETURN(auto scopes, ctx.manifests->Scopes(table.id));
  for (const auto& scope : scopes) {
    if (cancel != nullptr && cancel->load()) return Status(ErrorCode::kQueryCanceled, "the compaction was cancelled");
    KALAM_RETURN_IF_ERROR(CompactPartition(table, scope, job_id, min_files, ctx, stats, replaced).status());
  }
  return stats;
}

}  // namespace kalam::jobs
