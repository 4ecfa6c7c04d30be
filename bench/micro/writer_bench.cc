// Micro-benchmark: the shard writer's cost for single-row and 1,000-row INSERT requests
// (uniqueness checks, seq assignment, one WriteBatch), without HTTP or SQL: without a change log,
// with one that does not log the table (never subscribed), and logging it (log = 0/1/2). WAL
// without fsync. And one fsync'd single-row write at a time, with and without the prezeroed WAL:
// what the store adds to the disk's floor (build/bench/fsync_floor). By hand: build/bench/writer_bench.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/snowflake.h"
#include "store/row_codec.h"
#include "store/shard_writer.h"

namespace kalam::store {
namespace {

constexpr const char* kFamily = "users.shard-0.bench.items";

/// A store in a fresh temporary directory with the bench family, removed again at the end.
struct BenchStore {
  explicit BenchStore(int64_t prezero_wal_bytes = 0)
      : dir(std::filesystem::temp_directory_path() / ("kalam-writer-bench-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir);
    StoreOptions options;
    options.path = dir.string();
    options.prezero_wal_bytes = prezero_wal_bytes;
    store = Store::Open(options).value();
    (void)store->EnsureColumnFamily(kFamily);
  }
  ~BenchStore() {
    store.reset();
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  SystemClock clock;
  SnowflakeGenerator ids{1, &clock};
};

/// One new row of the bench table (as a single-row INSERT writes it).
RowWrite NewRow(SnowflakeGenerator& ids) {
  static const std::vector<int32_t> kColumns = {1, 2};
  const int64_t id = ids.Next();
  return RowWrite{kFamily, UserRowKey("alice", EncodeKeyPart(Value(id))),
                  EncodeRow(0, false, 1, kColumns, Row{Value(id), Value(std::string("payload-0123456789"))}),
                  WriteKind::kInsert};
}

/// Writes `State::range(1)` rows per request; range(0): 0 = no change log, 1 = a change log that
/// does not log the family (live queries on, table never subscribed), 2 = the family logged.
void InsertRows(benchmark::State& state) {
  BenchStore bench;
  Store* store = bench.store.get();
  SnowflakeGenerator& ids = bench.ids;
  ChangeFeedOptions feed;
  if (state.range(0) != 0) {
    feed.change_log = ChangeLogFamily(0);
    (void)store->EnsureColumnFamily(feed.change_log);
  }
  ShardWriter writer(store, &ids, /*sync=*/false, 4096, feed);
  writer.Start();
  if (state.range(0) == 2) {
    Status watched = writer.RunExclusive([&] { return writer.Watch(kFamily).status(); });
    if (!watched.ok()) state.SkipWithError(watched.message().c_str());
  }
  const int64_t per_request = state.range(1);
  for (auto _ : state) {
    std::vector<RowWrite> rows;
    rows.reserve(static_cast<size_t>(per_request));
    for (int64_t i = 0; i < per_request; ++i) rows.push_back(NewRow(ids));
    auto written = writer.Write(std::move(rows));
    if (!written.ok()) state.SkipWithError(written.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * per_request);
  writer.Stop();
}
BENCHMARK(InsertRows)
    ->ArgNames({"log", "rows"})
    ->ArgsProduct({{0, 1, 2}, {1, 1000}})
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(2.0);

/// One fsync'd single-row write at a time through a shard writer (a 1-connection fsync'd INSERT
/// without HTTP or SQL); range(0) = the prezeroed WAL's size (0 = off). Reports p50/p99 in µs.
void SyncedInsert(benchmark::State& state) {
  BenchStore bench(state.range(0));
  ShardWriter writer(bench.store.get(), &bench.ids, /*sync=*/true, 4096);
  writer.Start();
  std::vector<double> us;
  for (auto _ : state) {
    std::vector<RowWrite> rows;
    rows.push_back(NewRow(bench.ids));
    auto start = std::chrono::steady_clock::now();
    auto written = writer.Write(std::move(rows));
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    if (!written.ok()) state.SkipWithError(written.error().message().c_str());
  }
  std::sort(us.begin(), us.end());
  if (!us.empty()) {
    state.counters["p50_us"] = us[us.size() / 2];
    state.counters["p99_us"] = us[std::min(us.size() - 1, us.size() * 99 / 100)];
  }
  writer.Stop();
}
BENCHMARK(SyncedInsert)->ArgName("prezero")->Arg(0)->Arg(32 << 20)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

}  // namespace
}  // namespace kalam::store

BENCHMARK_MAIN();
