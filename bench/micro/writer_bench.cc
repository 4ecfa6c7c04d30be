// Micro-benchmark: the shard writer's cost for 1,000-row INSERT requests (uniqueness checks, seq
// assignment, one WriteBatch), without HTTP or SQL, without and with the change log that live
// queries resume from (Arg 1). WAL without fsync. Run by bench/auth.sh's
// sibling scripts or by hand: build/bench/writer_bench.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "common/clock.h"
#include "common/snowflake.h"
#include "store/row_codec.h"
#include "store/shard_writer.h"

namespace kalam::store {
namespace {

void BM_Insert1000Rows(benchmark::State& state) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kalam-writer-bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  StoreOptions options;
  options.path = dir.string();
  auto store = Store::Open(options).value();
  (void)store->EnsureColumnFamily("users.shard-0.bench.items");
  SystemClock clock;
  SnowflakeGenerator ids(1, &clock);
  ChangeFeedOptions feed;
  if (state.range(0) != 0) {
    feed.change_log = ChangeLogFamily(0);
    (void)store->EnsureColumnFamily(feed.change_log);
  }
  ShardWriter writer(store.get(), &ids, /*sync=*/false, 4096, feed);
  writer.Start();
  const std::vector<int32_t> columns = {1, 2};
  for (auto _ : state) {
    std::vector<RowWrite> rows;
    rows.reserve(1000);
    for (int i = 0; i < 1000; ++i) {
      int64_t id = ids.Next();
      rows.push_back(RowWrite{"users.shard-0.bench.items", UserRowKey("alice", EncodeKeyPart(Value(id))),
                              EncodeRow(0, false, 1, columns, Row{Value(id), Value(std::string("payload-0123456789"))}),
                              WriteKind::kInsert});
    }
    auto written = writer.Write(std::move(rows));
    if (!written.ok()) state.SkipWithError(written.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
  writer.Stop();
  store.reset();
  fs::remove_all(dir);
}
BENCHMARK(BM_Insert1000Rows)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace
}  // namespace kalam::store

BENCHMARK_MAIN();
