#include "store/store.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/cache.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>

#include "store/change_log.h"
#include "store/prezeroed_wal.h"

namespace kalam::store {
namespace {

Status FromRocks(const rocksdb::Status& s) {
  if (s.ok()) return Status::OK();
  return Status(ErrorCode::kInternal, "storage error: " + s.ToString());
}

rocksdb::ColumnFamilyOptions FamilyOptions(std::string_view name, const StoreOptions& o,
                                           const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = static_cast<size_t>(o.write_buffer_size);
  cf.compression = rocksdb::kLZ4Compression;
  cf.bottommost_compression = rocksdb::kZSTD;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // A change log is read by seq ranges only (resume, trim): no filters to build or keep.
  if (!IsChangeLogFamily(name)) {
    // Bloom filters in memtables and SST files: the writers check every inserted key for a live
    // row, and most of those lookups miss. A memtable's filter is allocated and zeroed whole when
    // the memtable is made, for every family that has one: 1% of the memtable is ~8 bits per key
    // for 100-byte entries (2% false positives) and 320 KB per family at the default 32 MB (the
    // former 10% cost 3.2 MB per family: 20 USER tables took 380 MB of RSS before a row was written).
    cf.memtable_prefix_bloom_size_ratio = 0.01;
    cf.memtable_whole_key_filtering = true;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    table.whole_key_filtering = true;
  }
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return cf;
}

/// The smallest key above every key that starts with `prefix`; empty when there is none (an
/// empty or all-0xff prefix).
std::string PrefixUpperBound(std::string_view prefix) {
  std::string upper(prefix);
  while (!upper.empty() && static_cast<uint8_t>(upper.back()) == 0xff) upper.pop_back();
  if (!upper.empty()) upper.back() = static_cast<char>(static_cast<uint8_t>(upper.back()) + 1);
  return upper;
}

class RocksCursor final : public Cursor {
 public:
  /// Iterates `family` from `prefix`; never past the prefix's keys (an upper bound also lets
  /// RocksDB stop at deleted keys beyond it instead of skipping them).
  RocksCursor(rocksdb::DB* db, rocksdb::ReadOptions ro, rocksdb::ColumnFamilyHandle* family, std::string prefix)
      : prefix_(std::move(prefix)), upper_(PrefixUpperBound(prefix_)), upper_slice_(upper_) {
    if (!upper_.empty()) ro.iterate_upper_bound = &upper_slice_;
    it_.reset(db->NewIterator(ro, family));
    Seek("");
  }
  void Seek(std::string_view suffix) override {
    std::string target = prefix_ + std::string(suffix);
    it_->Seek(target);
  }
  void SeekToLast() override {
    // Below the upper bound when there is one (a prefix of all 0xff bytes has none: the family's
    // last key is then the prefix's last).
    it_->SeekToLast();
  }
  bool Valid() const override {
    return it_->Valid() && it_->key().starts_with(rocksdb::Slice(prefix_));
  }
  void Next() override { it_->Next(); }
  void Prev() override { it_->Prev(); }
  std::string_view key() const override { return {it_->key().data(), it_->key().size()}; }
  std::string_view value() const override { return {it_->value().data(), it_->value().size()}; }
  Status status() const override { return FromRocks(it_->status()); }

 private:
  std::string prefix_;
  std::string upper_;
  rocksdb::Slice upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

class RocksSnapshot final : public Snapshot {
 public:
  explicit RocksSnapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  ~RocksSnapshot() override { db_->ReleaseSnapshot(snapshot_); }
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

rocksdb::ReadOptions ReadAt(const Snapshot* snapshot) {
  rocksdb::ReadOptions ro;
  if (snapshot != nullptr) ro.snapshot = static_cast<const RocksSnapshot*>(snapshot)->get();
  return ro;
}

}  // namespace

std::shared_ptr<const Snapshot> Store::GetSnapshot() const {
  return std::make_shared<RocksSnapshot>(db_.get());
}

Result<std::unique_ptr<Cursor>> Store::NewCursor(std::string_view family, std::string prefix,
                                                 const Snapshot* snapshot) const {
  KALAM_ASSIGN_OR_RETURN(auto* handle, Handle(family));
  rocksdb::ReadOptions ro = ReadAt(snapshot);
  ro.prefix_same_as_start = false;
  return std::unique_ptr<Cursor>(std::make_unique<RocksCursor>(db_.get(), ro, handle, std::move(prefix)));
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec) {
    return Status(ErrorCode::kInternal,
                  fmt::format("could not create \"{}\": {}", options.path, ec.message()));
  }
  std::unique_ptr<Store> store(new Store());
  store->options_ = options;
  store->block_cache_ = rocksdb::NewLRUCache(64 << 20);
  // Many column families (one per table and shard) share one memtable budget.
  store->write_buffers_ = std::make_shared<rocksdb::WriteBufferManager>(
      static_cast<size_t>(options.write_buffer_size) * 8, store->block_cache_);

  rocksdb::DBOptions db_options;
  if (options.prezero_wal_bytes > 0) {
    std::string dir = options.path;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    store->wal_fs_ = std::make_shared<PrezeroedWalFileSystem>(rocksdb::FileSystem::Default(), dir,
                                                              static_cast<uint64_t>(options.prezero_wal_bytes));
    store->wal_fs_->Start();
    store->env_ = rocksdb::NewCompositeEnv(store->wal_fs_);
    db_options.env = store->env_.get();
  }
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.keep_log_file_num = static_cast<size_t>(options.keep_log_file_num);
  db_options.max_log_file_size = 16 << 20;
  db_options.max_total_wal_size = static_cast<uint64_t>(options.max_total_wal_size);
  db_options.write_buffer_manager = store->write_buffers_;
  db_options.IncreaseParallelism(2);
  db_options.enable_pipelined_write = true;
  // Flushes and compactions write their files back 1 MB at a time instead of in one fsync at the
  // end, so the WAL fsyncs of commits never queue behind tens of MB of table-file writes.
  db_options.bytes_per_sync = 1 << 20;

  std::vector<std::string> names;
  auto listed = rocksdb::DB::ListColumnFamilies(db_options, options.path, &names);
  if (!listed.ok()) names = {rocksdb::kDefaultColumnFamilyName};
  if (std::find(names.begin(), names.end(), kSystemFamily) == names.end()) {
    names.emplace_back(kSystemFamily);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& n : names) {
    descriptors.emplace_back(n, FamilyOptions(n, options, store->block_cache_));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  KALAM_RETURN_IF_ERROR(FromRocks(rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &db)));
  store->db_.reset(db);
  for (auto* h : handles) store->handles_.emplace(h->GetName(), h);
  return store;
}

Store::~Store() {
  if (!db_) return;
  FlushWal().IgnoreError("closing; nothing left to report to");
  for (auto& [name, handle] : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  handles_.clear();
  db_->Close().PermitUncheckedError();
}

Result<rocksdb::ColumnFamilyHandle*> Store::Handle(std::string_view family) const {
  std::shared_lock lock(mu_);
  auto it = handles_.find(family);
  if (it == handles_.end()) {
    return Status(ErrorCode::kInternal, fmt::format("unknown column family \"{}\"", family));
  }
  return it->second;
}

Status Store::EnsureColumnFamily(std::string_view name) {
  {
    std::shared_lock lock(mu_);
    if (handles_.contains(name)) return Status::OK();
  }
  std::lock_guard lock(mu_);
  if (handles_.contains(name)) return Status::OK();
  rocksdb::ColumnFamilyHandle* handle = nullptr;
  KALAM_RETURN_IF_ERROR(FromRocks(
      db_->CreateColumnFamily(FamilyOptions(name, options_, block_cache_), std::string(name), &handle)));
  handles_.emplace(std::string(name), handle);
  return Status::OK();
}

Status Store::DropColumnFamily(std::string_view name) {
  std::lock_guard lock(mu_);
  auto it = handles_.find(name);
  if (it == handles_.end()) return Status::OK();
  KALAM_RETURN_IF_ERROR(FromRocks(db_->DropColumnFamily(it->second)));
  KALAM_RETURN_IF_ERROR(FromRocks(db_->DestroyColumnFamilyHandle(it->second)));
  handles_.erase(it);
  return Status::OK();
}

bool Store::HasColumnFamily(std::string_view name) const {
  std::shared_lock lock(mu_);
  return handles_.contains(name);
}

std::vector<std::string> Store::ColumnFamilies() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, h] : handles_) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::optional<std::string>> Store::Get(std::string_view family, std::string_view key,
                                              const Snapshot* snapshot) const {
  KALAM_ASSIGN_OR_RETURN(auto* handle, Handle(family));
  std::string value;
  auto s = db_->Get(ReadAt(snapshot), handle, rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  KALAM_RETURN_IF_ERROR(FromRocks(s));
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::optional<std::string>>> Store::MultiGet(
    std::string_view family, const std::vector<std::string_view>& keys) const {
  KALAM_ASSIGN_OR_RETURN(auto* handle, Handle(family));
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_->MultiGet(rocksdb::ReadOptions(), handle, keys.size(), slices.data(), values.data(), statuses.data());
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    KALAM_RETURN_IF_ERROR(FromRocks(statuses[i]));
    out[i] = values[i].ToString();
  }
  return out;
}

Status Store::Write(const std::vector<WriteOp>& ops, bool sync) { return WriteGroup({&ops}, sync).front(); }

std::vector<Status> Store::WriteGroup(const std::vector<const std::vector<WriteOp>*>& batches, bool sync) {
  rocksdb::WriteBatch batch;
  std::vector<Status> statuses(batches.size());
  // A batch touches a few families (rows and their change log, interleaved): look each up once.
  std::vector<std::pair<std::string_view, rocksdb::ColumnFamilyHandle*>> seen;
  auto add = [&](const WriteOp& op) -> Status {
    rocksdb::ColumnFamilyHandle* handle = nullptr;
    for (const auto& [name, h] : seen) {
      if (name == op.column_family) {
        handle = h;
        break;
      }
    }
    if (handle == nullptr) {
      KALAM_ASSIGN_OR_RETURN(handle, Handle(op.column_family));
      seen.emplace_back(op.column_family, handle);
    }
    if (op.value) return FromRocks(batch.Put(handle, op.key, *op.value));
    if (op.range_end) return FromRocks(batch.DeleteRange(handle, op.key, *op.range_end));
    return FromRocks(batch.Delete(handle, op.key));
  };
  bool any = false;
  for (size_t b = 0; b < batches.size(); ++b) {
    if (batches.size() > 1) batch.SetSavePoint();
    for (const WriteOp& op : *batches[b]) {
      statuses[b] = add(op);
      if (!statuses[b].ok()) break;
    }
    if (!statuses[b].ok()) {
      if (batches.size() > 1) {
        auto rolled_back = batch.RollbackToSavePoint();
        if (!rolled_back.ok()) {
          statuses.assign(batches.size(), FromRocks(rolled_back));
          return statuses;
        }
      }
      continue;
    }
    if (batches.size() > 1) batch.PopSavePoint().PermitUncheckedError();
    any = true;
  }
  if (!any) return statuses;
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  Status written = FromRocks(db_->Write(wo, &batch));
  if (!written.ok()) {
    for (auto& s : statuses) {
      if (s.ok()) s = written;
    }
  }
  return statuses;
}

Status Store::Put(std::string_view family, std::string_view key, std::string_view value, bool sync) {
  return Write({WriteOp{std::string(family), std::string(key), std::string(value)}}, sync);
}

Status Store::Delete(std::string_view family, std::string_view key, bool sync) {
  return Write({WriteOp{std::string(family), std::string(key), std::nullopt}}, sync);
}

Status Store::ScanPrefix(std::string_view family, std::string_view prefix,
                         const std::function<bool(std::string_view, std::string_view)>& fn,
                         const Snapshot* snapshot) const {
  KALAM_ASSIGN_OR_RETURN(auto* handle, Handle(family));
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ReadAt(snapshot), handle));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!fn(key, std::string_view(it->value().data(), it->value().size()))) break;
  }
  return FromRocks(it->status());
}

Result<std::optional<std::pair<std::string, std::string>>> Store::KeyRange(std::string_view family,
                                                                           std::string_view prefix,
                                                                           const Snapshot* snapshot) const {
  using Range = std::optional<std::pair<std::string, std::string>>;
  KALAM_ASSIGN_OR_RETURN(auto* handle, Handle(family));
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ReadAt(snapshot), handle));
  rocksdb::Slice p(prefix.data(), prefix.size());
  it->Seek(p);
  if (!it->Valid() || !it->key().starts_with(p)) {
    KALAM_RETURN_IF_ERROR(FromRocks(it->status()));
    return Range();
  }
  std::string first = it->key().ToString().substr(prefix.size());
  const std::string upper = PrefixUpperBound(prefix);
  if (upper.empty()) {
    it->SeekToLast();
  } else {
    it->SeekForPrev(upper);
    if (it->Valid() && it->key() == rocksdb::Slice(upper)) it->Prev();
  }
  if (!it->Valid() || !it->key().starts_with(p)) {
    KALAM_RETURN_IF_ERROR(FromRocks(it->status()));
    return Status(ErrorCode::kInternal, "key range: the last key vanished under a snapshot");
  }
  return Range(std::make_pair(std::move(first), it->key().ToString().substr(prefix.size())));
}

Result<std::optional<std::string>> Store::LastKeyBefore(std::string_view family, std::string_view key) const {
  KALAM_ASSIGN_OR_RETURN(auto* handle, Handle(family));
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle));
  const rocksdb::Slice target(key.data(), key.size());
  it->SeekForPrev(target);
  if (it->Valid() && it->key() == target) it->Prev();
  if (!it->Valid()) {
    KALAM_RETURN_IF_ERROR(FromRocks(it->status()));
    return std::optional<std::string>();
  }
  return std::optional<std::string>(it->key().ToString());
}

Status Store::IngestSorted(std::string_view family, const std::vector<IngestEntry>& entries,
                           const std::string& scratch_dir) {
  if (entries.empty()) return Status::OK();
  KALAM_ASSIGN_OR_RETURN(auto* handle, Handle(family));
  static std::atomic<uint64_t> counter{0};
  const std::string path = (std::filesystem::path(scratch_dir) /
                            fmt::format("ingest-{}-{}.sst", ::getpid(), counter.fetch_add(1)))
                               .string();
  rocksdb::ColumnFamilyDescriptor descriptor;
  KALAM_RETURN_IF_ERROR(FromRocks(handle->GetDescriptor(&descriptor)));
  rocksdb::Options options(rocksdb::DBOptions(), descriptor.options);
  // LZ4 for the bulk file: ZSTD (the family's bottommost choice, which a writer would take) costs
  // more than the whole rest of the bulk write; RocksDB recompresses the file when it compacts it.
  options.compression = rocksdb::kLZ4Compression;
  options.bottommost_compression = rocksdb::kDisableCompressionOption;
  rocksdb::EnvOptions env_options;
  env_options.bytes_per_sync = 1 << 20;  // written back as it grows (see bytes_per_sync above)
  rocksdb::SstFileWriter writer(env_options, options, handle);
  KALAM_RETURN_IF_ERROR(FromRocks(writer.Open(path)));
  for (const auto& [key, value] : entries) {
    rocksdb::Slice k(key.data(), key.size());
    rocksdb::Status s = value ? writer.Put(k, rocksdb::Slice(value->data(), value->size())) : writer.Delete(k);
    if (!s.ok()) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
      return FromRocks(s);
    }
  }
  KALAM_RETURN_IF_ERROR(FromRocks(writer.Finish()));
  rocksdb::IngestExternalFileOptions ingest;
  ingest.move_files = true;
  rocksdb::Status s = db_->IngestExternalFile(handle, {path}, ingest);
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return FromRocks(s);
}

Status Store::CompactRange(std::string_view family, std::string_view begin, std::string_view end) {
  KALAM_ASSIGN_OR_RETURN(auto* handle, Handle(family));
  rocksdb::Slice b(begin.data(), begin.size());
  rocksdb::Slice e(end.data(), end.size());
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  return FromRocks(db_->CompactRange(options, handle, &b, &e));
}

void Store::WaitForBackgroundWork(int timeout_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    uint64_t flushes = 0, compactions = 0, pending = 0, memtable_pending = 0;
    db_->GetIntProperty("rocksdb.num-running-flushes", &flushes);
    db_->GetIntProperty("rocksdb.num-running-compactions", &compactions);
    db_->GetAggregatedIntProperty("rocksdb.compaction-pending", &pending);
    db_->GetAggregatedIntProperty("rocksdb.mem-table-flush-pending", &memtable_pending);
    if (flushes + compactions + pending + memtable_pending == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Store::Memory Store::MemoryUsage() const {
  Memory m;
  auto property = [&](const std::string& name) {
    uint64_t v = 0;
    return db_->GetAggregatedIntProperty(name, &v) ? static_cast<int64_t>(v) : 0;
  };
  m.memtables = property(rocksdb::DB::Properties::kSizeAllMemTables);
  m.table_readers = property(rocksdb::DB::Properties::kEstimateTableReadersMem);
  m.sst_bytes = property(rocksdb::DB::Properties::kLiveSstFilesSize);
  m.memtable_budget = static_cast<int64_t>(write_buffers_->buffer_size());
  m.block_cache = static_cast<int64_t>(block_cache_->GetUsage());
  std::shared_lock lock(mu_);
  m.column_families = static_cast<int64_t>(handles_.size());
  return m;
}

int64_t Store::EstimateKeys(std::string_view family) const {
  auto handle = Handle(family);
  if (!handle.ok()) return 0;
  uint64_t n = 0;
  if (!db_->GetIntProperty(*handle, "rocksdb.estimate-num-keys", &n)) return 0;
  return static_cast<int64_t>(n);
}

Status Store::FlushWal() { return FromRocks(db_->FlushWAL(/*sync=*/true)); }

Status Store::Checkpoint(const std::string& dir) const {
  rocksdb::Checkpoint* raw = nullptr;
  KALAM_RETURN_IF_ERROR(FromRocks(rocksdb::Checkpoint::Create(db_.get(), &raw)));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  return FromRocks(checkpoint->CreateCheckpoint(dir));
}

}  // namespace kalam::store
