#include "jobs/flush_job.h"

#include <algorithm>
#include <future>
#include <filesystem>

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

class PartitionFlush {
 public:
  PartitionFlush(const catalog::TableRecord& table, std::string family, std::string user,
                 std::shared_ptr<const store::Snapshot> snapshot, store::ShardWriter* writer,
                 const std::string& job_id, const JobContext& ctx)
      : table_(table), family_(std::move(family)), user_(std::move(user)), snapshot_(std::move(snapshot)),
        writer_(writer), job_id_(job_id), ctx_(ctx) {}

  /// The key range the flush deleted from the hot store (to compact away later).
  const std::pair<std::string, std::string>& deleted_range() const { return deleted_range_; }

  /// Files of the partition after Run.
  int64_t files_now() const { return files_now_; }

  /// Rows flushed (0 when the partition had none).
  Result<int64_t> Run() {
    const std::string prefix = table_.IsPerUser() ? store::UserPrefix(user_) : "";
    {
      KALAM_ASSIGN_OR_RETURN(auto probe, ctx_.store->NewCursor(family_, prefix, snapshot_.get()));
      KALAM_RETURN_IF_ERROR(probe->status());
      if (!probe->Valid()) return 0;
    }
    KALAM_ASSIGN_OR_RETURN(cold::TableDirectory where,
                           cold::PartitionLocation(table_, user_, *ctx_.catalog, ctx_.user_shards));
    KALAM_ASSIGN_OR_RETURN(auto files, objstore::Open(where.storage));
    KALAM_ASSIGN_OR_RETURN(auto current, ctx_.manifests->Get(table_.id, user_));
    cold::Manifest manifest = current ? *current : cold::Manifest{table_.id.ToString(), user_, 1, {}};
    cold::Segment segment = cold::NewSegment(table_, where, manifest.next_batch, ctx_.clock->NowMicros());
    const std::string local = ctx_.NewScratchFile(job_id_);
    // The versions are read and the cold index built beside the Parquet export (all three only
    // read the snapshot).
    cold::Segment stats;
    auto cold_index = std::async(std::launch::async, [this, &stats, &manifest, batch = segment.batch] {
      KALAM_RETURN_IF_ERROR(ReadVersions(stats));
      // Before this flush's keys enter the cold index.
      KALAM_ASSIGN_OR_RETURN(overlaps_older_, OverlapsOlder(manifest));
      return WriteColdIndex(batch);
    });
    auto exported = ctx_.engine->ExportParquet(table_, user_, snapshot_, local);
    Status indexed = cold_index.get();
    KALAM_RETURN_IF_ERROR(indexed);
    segment.rows = stats.rows;
    segment.tombstones = stats.tombstones;
    segment.min_seq = stats.min_seq;
    segment.max_seq = stats.max_seq;
    segment.min_pk = std::move(stats.min_pk);
    segment.max_pk = std::move(stats.max_pk);
    segment.min_key = std::move(stats.min_key);
    segment.max_key = std::move(stats.max_key);
    segment.overlaps_older = overlaps_older_;
    KALAM_ASSIGN_OR_RETURN(int64_t written, std::move(exported));
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
    KALAM_RETURN_IF_ERROR(writer_->RunExclusive([&] { return Commit(manifest); }));
    CrashPoint("flush-after-commit");  // committed; manifest.json not yet exported
    deleted_range_ = {versions_.front().key, versions_.back().key};
    // The exported copy; the authoritative manifest is already committed.
    KALAM_RETURN_IF_ERROR(cold::ExportManifest(where, manifest));
    files_now_ = static_cast<int64_t>(manifest.segments.size());
    return written;
  }

 private:
  Status ReadVersions(cold::Segment& segment) {
    const std::string prefix = table_.IsPerUser() ? store::UserPrefix(user_) : "";
    KALAM_ASSIGN_OR_RETURN(auto cursor, ctx_.store->NewCursor(family_, prefix, snapshot_.get()));
    std::string first_value;
    for (; cursor->Valid(); cursor->Next()) {
      std::string_view value = cursor->value();
      Version v{std::string(cursor->key()), store::ReadSeq(value), store::ReadDeleted(value)};
      if (versions_.empty()) first_value = value;
      if (versions_.empty() || v.seq < segment.min_seq) segment.min_seq = v.seq;
      segment.max_seq = std::max(segment.max_seq, v.seq);
      segment.tombstones += v.deleted ? 1 : 0;
      versions_.push_back(std::move(v));
    }
    KALAM_RETURN_IF_ERROR(cursor->status());
    if (versions_.empty()) return Status::OK();
    KALAM_ASSIGN_OR_RETURN(auto final_value, ctx_.store->Get(family_, versions_.back().key, snapshot_.get()));
    if (!final_value) return Status(ErrorCode::kInternal, "flush: a key vanished from its snapshot");
    segment.rows = static_cast<int64_t>(versions_.size());
    segment.min_key = cold::KeyHex(std::string_view(versions_.front().key).substr(prefix.size()));
    segment.max_key = cold::KeyHex(std::string_view(versions_.back().key).substr(prefix.size()));
    KALAM_ASSIGN_OR_RETURN(segment.min_pk, PkOf(table_, first_value));
    KALAM_ASSIGN_OR_RETURN(segment.max_pk, PkOf(table_, *final_value));
    return Status::OK();
  }

  /// Whether a flushed key (a live row or a tombstone) was flushed before, so that an older file
  /// may hold a version of it: the cold index keeps an entry for every key ever flushed. Only keys
  /// inside an older file's key range are looked up, so a partition whose keys only grow costs no
  /// lookup. A flush that failed after writing the index only makes this answer true more often.
  Result<bool> OverlapsOlder(const cold::Manifest& manifest) const {
    if (manifest.segments.empty() || versions_.empty()) return false;
    const std::string cold = store::ColdIndexFamily(family_);
    if (!ctx_.store->HasColumnFamily(cold)) return true;
    // versions_ is in key order and hex sorts like the bytes: each older file's range is found by
    // two binary searches, not by converting every key.
    const size_t prefix = table_.IsPerUser() ? store::UserPrefix(user_).size() : 0;
    auto hex_of = [&](const Version& v) { return cold::KeyHex(std::string_view(v.key).substr(prefix)); };
    std::vector<bool> in_range(versions_.size(), false);
    for (const auto& s : manifest.segments) {
      if (s.min_key.empty() || s.max_key.empty()) return true;  // range unknown (an old manifest)
      auto first = std::partition_point(versions_.begin(), versions_.end(),
                                        [&](const Version& v) { return hex_of(v) < s.min_key; });
      auto last = std::partition_point(first, versions_.end(),
                                       [&](const Version& v) { return hex_of(v) <= s.max_key; });
      std::fill(in_range.begin() + (first - versions_.begin()), in_range.begin() + (last - versions_.begin()), true);
    }
    std::vector<std::string_view> keys;
    auto any_flushed = [&]() -> Result<bool> {
      KALAM_ASSIGN_OR_RETURN(auto found, ctx_.store->MultiGet(cold, keys));
      keys.clear();
      return std::any_of(found.begin(), found.end(), [](const auto& v) { return v.has_value(); });
    };
    for (size_t i = 0; i < versions_.size(); ++i) {
      if (!in_range[i]) continue;
      keys.push_back(versions_[i].key);
      if (keys.size() == 4096) {
        KALAM_ASSIGN_OR_RETURN(bool any, any_flushed());
        if (any) return true;
      }
    }
    if (keys.empty()) return false;
    return any_flushed();
  }

  /// In the shard writer's exclusive turn: one atomic write swaps the flushed hot versions for the segment.
  /// Versions still the newest of their key are deleted as ranges (a flush of a partition nobody
  /// wrote to meanwhile is one range delete, cheap to write and to iterate past later); a key
  /// written since the snapshot splits the range and stays.
  Status Commit(const cold::Manifest& manifest) {
    const std::string prefix = table_.IsPerUser() ? store::UserPrefix(user_) : "";
    std::vector<store::WriteOp> ops;
    ops.reserve(versions_.size() + 16);
    KALAM_ASSIGN_OR_RETURN(auto cursor, ctx_.store->NewCursor(family_, prefix));
    cursor->Seek(std::string_view(versions_.front().key).substr(prefix.size()));
    size_t i = 0;
    std::optional<size_t> run_start;
    size_t run_end = 0;
    auto close_run = [&] {
      if (!run_start) return;
      ops.push_back(store::WriteOp{family_, versions_[*run_start].key, std::nullopt,
                                   versions_[run_end].key + std::string(1, '\0')});
      run_start.reset();
    };
    const std::string_view last = versions_.back().key;
    for (; cursor->Valid() && cursor->key() <= last; cursor->Next()) {
      std::string_view key = cursor->key();
      while (i < versions_.size() && std::string_view(versions_[i].key) < key) ++i;
      const bool flushed = i < versions_.size() && versions_[i].key == key;
      if (flushed && store::ReadSeq(cursor->value()) == versions_[i].seq) {
        if (!run_start) run_start = i;
        run_end = i++;
      } else {
        close_run();  // a newer version, or a key written after the snapshot: it stays hot
        if (flushed) ++i;
      }
    }
    KALAM_RETURN_IF_ERROR(cursor->status());
    close_run();
    ops.push_back(ctx_.manifests->PutOp(table_.id, manifest));
    return ctx_.store->Write(ops, /*sync=*/true);
  }

  /// Records the flushed keys in the cold index before the commit, as one ingested table file
  /// (a bulk write that skips the WAL and the memtable). Safe ahead of the commit, and even when
  /// the flush then fails: while a key's hot version exists, it decides whether the key is live.
  Status WriteColdIndex(int64_t batch) {
    const std::string cold = store::ColdIndexFamily(family_);
    KALAM_RETURN_IF_ERROR(ctx_.store->EnsureColumnFamily(cold));
    // Every entry's bytes back to back, 17 apart (16, or 17 for a tombstone's deleted entry).
    constexpr size_t kStride = 17;
    std::string values;
    values.reserve(versions_.size() * kStride);
    for (const auto& v : versions_) {
      std::string entry = store::EncodeColdEntry({v.seq, batch, v.deleted});
      entry.resize(kStride, '\0');
      values += entry;
    }
    std::vector<store::Store::IngestEntry> entries;
    entries.reserve(versions_.size());
    for (size_t i = 0; i < versions_.size(); ++i) {
      entries.emplace_back(versions_[i].key, std::string_view(values).substr(i * kStride, versions_[i].deleted ? 17 : 16));
    }
    return ctx_.store->IngestSorted(cold, entries, ctx_.scratch_dir);
  }

  const catalog::TableRecord& table_;
  std::string family_;
  std::string user_;
  std::shared_ptr<const store::Snapshot> snapshot_;
  store::ShardWriter* writer_;
  const std::string& job_id_;
  const JobContext& ctx_;
  std::vector<Version> versions_;
  bool overlaps_older_ = true;
  int64_t files_now_ = 0;
  std::pair<std::string, std::string> deleted_range_;
};

}  // namespace

Result<FlushStats> FlushTable(const catalog::TableRecord& table, const std::string& job_id, const JobContext& ctx,
                              const std::atomic<bool>* cancel) {
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
      if (cancel != nullptr && cancel->load()) return Status(ErrorCode::kQueryCanceled, "the flush was cancelled");
      PartitionFlush flush(table, family, user, snapshot, writer, job_id, ctx);
      KALAM_ASSIGN_OR_RETURN(int64_t rows, flush.Run());
      if (rows == 0) continue;
      stats.rows += rows;
      stats.files += 1;
      stats.partitions += 1;
      stats.most_files = std::max(stats.most_files, flush.files_now());
      stats.deleted_ranges.push_back({family, flush.deleted_range().first, flush.deleted_range().second});
    }
  }
  return stats;
}

}  // namespace kalam::jobs
