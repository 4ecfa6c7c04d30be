#include "jobs/flush_job.h"

#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "catalog/table_families.h"
#include "cold/locations.h"
#include "common/crash_point.h"
#include "common/shard.h"
#include "objstore/object_store.h"
#include "store/cold_index.h"
#include "store/row_codec.h"

namespace kalam::jobs {
namespace {

namespace fs = std::filesystem;

/// One hot row version as the snapshot holds it.
struct Version {
  std::string key;
  int64_t seq = 0;
  bool deleted = false;
};

/// The partitions (users) of a USER table's family as of the snapshot; {""} for SHARED.
Result<std::vector<std::string>> Partitions(const catalog::TableRecord& table, const std::string& family,
                                            const store::Store& store, const store::Snapshot* snapshot) {
  if (!table.IsPerUser()) return std::vector<std::string>{""};
  std::vector<std::string> users;
  KALAM_ASSIGN_OR_RETURN(auto cursor, store.NewCursor(family, "", snapshot));
  while (cursor->Valid()) {
    std::string_view key = cursor->key();
    size_t end = key.find('\0');
    if (end == std::string_view::npos) return Status(ErrorCode::kInternal, "corrupt user row key");
    users.emplace_back(key.substr(0, end));
    cursor->Seek(users.back() + '\x01');  // past every key of this user
  }
  KALAM_RETURN_IF_ERROR(cursor->status());
  return users;
}

std::string PkText(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return "";
}

Result<std::string> PkOf(const catalog::TableRecord& table, std::string_view value) {
  const auto& pk = table.columns[table.PrimaryKeyIndex()];
  KALAM_ASSIGN_OR_RETURN(auto row, store::DecodeRow(value, {pk.column_id}));
  return PkText(row.values[0]);
}

std::string ScratchFile(const JobContext& ctx, const std::string& job_id) {
  static thread_local std::mt19937_64 random{std::random_device()()};
  return (fs::path(ctx.scratch_dir) / fmt::format("{}-{:016x}.parquet", job_id, random())).string();
}

class PartitionFlush {
 public:
  PartitionFlush(const catalog::TableRecord& table, std::string family, std::string user,
                 std::shared_ptr<const store::Snapshot> snapshot, store::ShardWriter* writer,
                 const std::string& job_id, const JobContext& ctx)
      : table_(table), family_(std::move(family)), user_(std::move(user)), snapshot_(std::move(snapshot)),
        writer_(writer), job_id_(job_id), ctx_(ctx) {}

  /// Files of the partition after Run.
  int64_t files_now() const { return files_now_; }

  /// Rows flushed (0 when the partition had none).
  Result<int64_t> Run() {
    cold::Segment segment;
    KALAM_RETURN_IF_ERROR(ReadVersions(segment));
    if (versions_.empty()) return 0;
    KALAM_ASSIGN_OR_RETURN(cold::TableDirectory where, Location());
    KALAM_ASSIGN_OR_RETURN(auto files, objstore::Open(where.storage));
    KALAM_ASSIGN_OR_RETURN(auto current, ctx_.manifests->Get(table_.id, user_));
    cold::Manifest manifest = current ? *current : cold::Manifest{table_.id.ToString(), user_, 1, {}};
    segment.batch = manifest.next_batch;
    segment.storage_id = where.storage.id.value();
    segment.path = fmt::format("{}/batch-{}.parquet", where.path, segment.batch);
    segment.created_at_us = ctx_.clock->NowMicros();
    for (const auto& c : table_.columns) segment.columns.push_back(cold::SegmentColumn{c.column_id, c.name});

    const std::string local = ScratchFile(ctx_, job_id_);
    KALAM_ASSIGN_OR_RETURN(int64_t written, ctx_.engine->ExportParquet(table_, user_, snapshot_, local));
    if (written != static_cast<int64_t>(versions_.size())) {
      std::error_code ec;
      fs::remove(local, ec);
      return Status(ErrorCode::kInternal, fmt::format("flush of {} wrote {} rows, expected {}", table_.id.ToString(),
                                                      written, versions_.size()));
    }
    std::error_code ec;
    segment.bytes = static_cast<int64_t>(fs::file_size(local, ec));
    Status put = files->PutFile(segment.path, local);
    if (!put.ok()) {
      fs::remove(local, ec);
      return put;
    }
    CrashPoint("flush-after-upload");  // the file exists, nothing references it
    manifest.next_batch = segment.batch + 1;
    manifest.segments.push_back(segment);
    KALAM_RETURN_IF_ERROR(ctx_.store->EnsureColumnFamily(store::ColdIndexFamily(family_)));
    KALAM_RETURN_IF_ERROR(writer_->RunExclusive([&] { return Commit(manifest, segment.batch); }));
    CrashPoint("flush-after-commit");  // committed; manifest.json not yet exported
    // The exported copy; the authoritative manifest is already committed.
    KALAM_RETURN_IF_ERROR(files->Put(where.path + "/manifest.json", cold::ManifestStore::ToJson(manifest)));
    files_now_ = static_cast<int64_t>(manifest.segments.size());
    return written;
  }

 private:
  Status ReadVersions(cold::Segment& segment) {
    const std::string prefix = table_.IsPerUser() ? store::UserPrefix(user_) : "";
    KALAM_ASSIGN_OR_RETURN(auto cursor, ctx_.store->NewCursor(family_, prefix, snapshot_.get()));
    std::string first_value;
    std::string final_value;
    for (; cursor->Valid(); cursor->Next()) {
      std::string_view value = cursor->value();
      Version v{std::string(cursor->key()), store::ReadSeq(value), store::ReadDeleted(value)};
      if (versions_.empty()) first_value = value;
      if (versions_.empty() || v.seq < segment.min_seq) segment.min_seq = v.seq;
      segment.max_seq = std::max(segment.max_seq, v.seq);
      segment.tombstones += v.deleted ? 1 : 0;
      versions_.push_back(std::move(v));
      final_value.assign(value);
    }
    KALAM_RETURN_IF_ERROR(cursor->status());
    if (versions_.empty()) return Status::OK();
    segment.rows = static_cast<int64_t>(versions_.size());
    segment.min_key = cold::KeyHex(std::string_view(versions_.front().key).substr(prefix.size()));
    segment.max_key = cold::KeyHex(std::string_view(versions_.back().key).substr(prefix.size()));
    KALAM_ASSIGN_OR_RETURN(segment.min_pk, PkOf(table_, first_value));
    KALAM_ASSIGN_OR_RETURN(segment.max_pk, PkOf(table_, final_value));
    return Status::OK();
  }

  Result<cold::TableDirectory> Location() const {
    if (table_.IsPerUser()) {
      return cold::UserFileLocation(table_, UserId(user_), *ctx_.catalog, ctx_.user_shards);
    }
    return cold::SharedFileLocation(table_, *ctx_.catalog);
  }

  /// On the writer thread: one atomic write replaces the flushed hot versions by the segment.
  Status Commit(const cold::Manifest& manifest, int64_t batch) {
    std::vector<std::string_view> keys;
    keys.reserve(versions_.size());
    for (const auto& v : versions_) keys.push_back(v.key);
    KALAM_ASSIGN_OR_RETURN(auto now, ctx_.store->MultiGet(family_, keys));
    const std::string cold = store::ColdIndexFamily(family_);
    std::vector<store::WriteOp> ops;
    ops.reserve(versions_.size() * 2 + 1);
    for (size_t i = 0; i < versions_.size(); ++i) {
      const Version& v = versions_[i];
      // A newer version written since the snapshot stays hot; it wins over the flushed one.
      if (now[i] && store::ReadSeq(*now[i]) == v.seq) ops.push_back(store::WriteOp{family_, v.key, std::nullopt});
      if (v.deleted) {
        ops.push_back(store::WriteOp{cold, v.key, std::nullopt});
      } else {
        ops.push_back(store::WriteOp{cold, v.key, store::EncodeColdEntry({v.seq, batch})});
      }
    }
    ops.push_back(ctx_.manifests->PutOp(table_.id, manifest));
    return ctx_.store->Write(ops, /*sync=*/true);
  }

  const catalog::TableRecord& table_;
  std::string family_;
  std::string user_;
  std::shared_ptr<const store::Snapshot> snapshot_;
  store::ShardWriter* writer_;
  const std::string& job_id_;
  const JobContext& ctx_;
  std::vector<Version> versions_;
  int64_t files_now_ = 0;
};

}  // namespace

Result<FlushStats> FlushTable(const catalog::TableRecord& table, const std::string& job_id, const JobContext& ctx) {
  if (table.type != TableType::kUser && table.type != TableType::kShared) {
    return Status(ErrorCode::kFeatureNotSupported,
                  fmt::format("FLUSH is not supported for {} tables", ToString(table.type)));
  }
  std::error_code ec;
  fs::create_directories(ctx.scratch_dir, ec);
  if (ec) return Status(ErrorCode::kInternal, fmt::format("could not create {}: {}", ctx.scratch_dir, ec.message()));
  FlushStats stats;
  const int shards = table.type == TableType::kUser ? ctx.user_shards : 1;
  for (int shard = 0; shard < shards; ++shard) {
    const std::string family = catalog::FamilyOf(table, shard);
    if (!ctx.store->HasColumnFamily(family)) continue;
    store::ShardWriter* writer =
        table.type == TableType::kUser ? &ctx.writers->ForShard(shard) : &ctx.writers->Shared();
    auto snapshot = ctx.store->GetSnapshot();
    KALAM_ASSIGN_OR_RETURN(auto users, Partitions(table, family, *ctx.store, snapshot.get()));
    for (const auto& user : users) {
      PartitionFlush flush(table, family, user, snapshot, writer, job_id, ctx);
      KALAM_ASSIGN_OR_RETURN(int64_t rows, flush.Run());
      if (rows == 0) continue;
      stats.rows += rows;
      stats.files += 1;
      stats.partitions += 1;
      stats.most_files = std::max(stats.most_files, flush.files_now());
    }
  }
  return stats;
}

}  // namespace kalam::jobs
