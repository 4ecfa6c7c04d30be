// Cold storage benchmark (issue: Cold storage), in-process over the real store, engine, writers
// and job manager (no HTTP): flush throughput, a per-user scan over hot + cold rows, an aggregate
// over 1M flushed rows next to DuckDB's own read_parquet over the same files, and single-row
// INSERT latency with and without a flush running. Prints a Markdown section (bench/cold.sh).
//   build/bench/cold_bench [--rows N] [--runs N]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "catalog/catalog.h"
#include "cold/file_cache.h"
#include "cold/manifest.h"
#include "duckdb.hpp"
#include "engine/engine.h"
#include "exec/executor.h"
#include "jobs/job_manager.h"
#include "store/shard_writer.h"
#include "store/store.h"

namespace kalam {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

double Ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "cold_bench: %s\n", what.c_str());
  std::exit(1);
}

/// Store, catalog, engine, writers, jobs and executor in a temp directory: the server's parts.
class Node {
 public:
  explicit Node(bool sync_writes) {
    dir_ = fs::temp_directory_path() / fmt::format("kalam-cold-bench-{}-{}", ::getpid(), sync_writes);
    fs::remove_all(dir_);
    store::StoreOptions so;
    so.path = (dir_ / "rocksdb").string();
    store_ = Check(store::Store::Open(so));
    catalog_ = Check(catalog::Catalog::Open(store_.get(), serde::Format::kJson, &clock_));
    CheckOk(catalog_->storages().EnsureLocal((dir_ / "storage").string(), clock_.NowMicros()));
    manifests_ = std::make_unique<cold::ManifestStore>(store_.get(), serde::Format::kJson);
    files_ = std::make_unique<cold::FileCache>((dir_ / "cache").string(), 1LL << 30);
    engine::EngineOptions eo;
    eo.data_path = dir_.string();
    eo.connections = 4;
    eo.user_shards = 4;
    engine_ = Check(engine::Engine::Open(eo, catalog_.get(), store_.get(), &clock_, manifests_.get(), files_.get()));
    writers_ = std::make_unique<store::WriterPool>(store_.get(), &ids_, 4, sync_writes);
    writers_->Start();
    jobs::JobContext jc;
    jc.catalog = catalog_.get();
    jc.store = store_.get();
    jc.writers = writers_.get();
    jc.engine = engine_.get();
    jc.manifests = manifests_.get();
    jc.files = files_.get();
    jc.clock = &clock_;
    jc.user_shards = 4;
    jc.flush_rows = 1LL << 40;  // no automatic flush: the bench flushes when it means to
    jc.flush_interval_seconds = 1LL << 30;
    jc.max_files_per_user = 1000;
    jc.scratch_dir = (dir_ / "tmp" / "jobs").string();
    jobs_ = std::make_unique<jobs::JobManager>(jc);
    CheckOk(jobs_->Start());
    exec::ExecContext ctx;
    ctx.catalog = catalog_.get();
    ctx.engine = engine_.get();
    ctx.max_result_rows = 1 << 30;
    ctx.store = store_.get();
    ctx.writers = writers_.get();
    ctx.clock = &clock_;
    ctx.ids = &ids_;
    ctx.user_shards = 4;
    ctx.manifests = manifests_.get();
    ctx.files = files_.get();
    ctx.jobs = jobs_.get();
    ctx.hash_password = [](std::string_view p) -> Result<std::string> { return std::string(p); };
    executor_ = std::make_unique<exec::Executor>(ctx);
  }
  ~Node() {
    jobs_->Stop();
    writers_->Stop();
    executor_.reset();
    jobs_.reset();
    engine_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  exec::BatchResult Sql(const std::string& sql, const Caller& caller) {
    exec::Session session;
    session.caller = caller;
    return executor_->ExecuteBatch(sql, {}, session);
  }
  RowSet Rows(const std::string& sql, const Caller& caller) {
    auto r = Sql(sql, caller);
    if (!r.error.ok()) Die(sql + ": " + r.error.ToString());
    return r.results.empty() || !r.results.back().rows ? RowSet{} : *r.results.back().rows;
  }
  void Exec(const std::string& sql, const Caller& caller) {
    auto r = Sql(sql, caller);
    if (!r.error.ok()) Die(sql.substr(0, 200) + ": " + r.error.ToString());
  }
  /// FLUSH or COMPACT TABLE and wait; returns the job's wall time in ms.
  double RunJob(const std::string& statement) {
    auto start = Steady::now();
    Exec(statement, Root());
    jobs_->WaitIdle();
    return Ms(Steady::now() - start);
  }
  std::vector<std::string> Files(const TableId& table, const std::string& scope) {
    auto m = manifests_->Get(table, scope);
    if (!m.ok() || !*m) Die("no manifest for " + table.ToString());
    std::vector<std::string> out;
    for (const auto& s : (*m)->segments) out.push_back((dir_ / "storage" / s.path).string());
    return out;
  }
  static Caller Root() { return Caller{UserId("root"), Role::kSystem, "127.0.0.1"}; }
  /// Lets RocksDB finish the memtable flushes and compactions a bulk load started.
  void Settle() { store_->WaitForBackgroundWork(60000); }

 private:
  template <class T>
  static T Check(Result<T> r) {
    if (!r.ok()) Die(r.error().ToString());
    return std::move(r).value();
  }
  static void CheckOk(const Status& s) {
    if (!s.ok()) Die(s.ToString());
  }

  fs::path dir_;
  SystemClock clock_;
  SnowflakeGenerator ids_{1, &clock_};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<cold::ManifestStore> manifests_;
  std::unique_ptr<cold::FileCache> files_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<store::WriterPool> writers_;
  std::unique_ptr<jobs::JobManager> jobs_;
  std::unique_ptr<exec::Executor> executor_;
};

/// INSERTs rows [from, to) into a table (id, user_id, amount, note) in 1,000-row statements.
void Load(Node& node, const std::string& table, int64_t from, int64_t to, const Caller& caller) {
  for (int64_t b = from; b < to; b += 1000) {
    std::string sql = "INSERT INTO " + table + " VALUES ";
    for (int64_t i = b; i < std::min(to, b + 1000); ++i) {
      if (i != b) sql += ',';
      sql += fmt::format("({}, 'user-{}', {}.25, 'note number {}')", i, i % 97, i % 1000, i);
    }
    node.Exec(sql, caller);
  }
}

}  // namespace
}  // namespace kalam

int main(int argc, char** argv) {
  using namespace kalam;
  int64_t rows = 1000000;
  int runs = 7;
  bool insert_only = false;  // --insert-only: just the INSERT-during-flush rows (a control run)
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--insert-only") insert_only = true;
    if (i + 1 >= argc) continue;
    if (flag == "--rows") rows = std::stoll(argv[i + 1]);
    if (flag == "--runs") runs = std::stoi(argv[i + 1]);
  }
  const Caller root = Node::Root();
  const Caller alice{UserId("alice"), Role::kUser, "127.0.0.1"};
  std::string out;

  // 1. Flush throughput and the aggregate over flushed rows.
  double flush_rate = 0, kalam_agg = 0, duck_agg = 0, files = 0;
  if (!insert_only) {
    Node node(/*sync_writes=*/false);
    node.Exec("CREATE NAMESPACE bench; CREATE SHARED TABLE bench.big (id BIGINT PRIMARY KEY, user_id TEXT, "
              "amount DOUBLE, note TEXT)", root);
    Load(node, "bench.big", 0, rows, root);
    double ms = node.RunJob("FLUSH TABLE bench.big");
    flush_rate = static_cast<double>(rows) / (ms / 1000.0);
    const auto paths = node.Files(TableId{NamespaceId::Parse("bench").value(), TableName::Parse("big").value()}, "");
    files = static_cast<double>(paths.size());
    const std::string agg = "SELECT count(*), sum(amount), count(DISTINCT user_id) FROM bench.big";
    std::vector<double> k, d;
    RowSet kalam_answer = node.Rows(agg, root);
    duckdb::DuckDB db(nullptr);
    duckdb::Connection con(db);
    std::string list;
    for (const auto& p : paths) list += (list.empty() ? "'" : ", '") + p + "'";
    const std::string direct = "SELECT count(*), sum(amount), count(DISTINCT user_id) FROM read_parquet([" + list + "])";
    auto check = con.Query(direct);
    if (check->HasError()) Die(check->GetError());
    if (std::to_string(check->GetValue(0, 0).GetValue<int64_t>()) != fmt::format("{}", std::get<int64_t>(kalam_answer.rows[0][0]))) {
      Die("KalamDB and DuckDB disagree on the row count");
    }
    for (int r = 0; r < runs; ++r) {
      auto t0 = Steady::now();
      node.Rows(agg, root);
      k.push_back(Ms(Steady::now() - t0));
      t0 = Steady::now();
      auto res = con.Query(direct);
      if (res->HasError()) Die(res->GetError());
      d.push_back(Ms(Steady::now() - t0));
    }
    kalam_agg = Median(k);
    duck_agg = Median(d);
    // Exploration: KALAM_BENCH_QUERIES="q1;;q2" times more queries over the flushed table.
    if (const char* extra = std::getenv("KALAM_BENCH_QUERIES")) {
      std::string all = extra;
      for (size_t start = 0; start < all.size();) {
        size_t end = all.find(";;", start);
        std::string q = all.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::vector<double> t;
        for (int r = 0; r < runs; ++r) {
          auto t0 = Steady::now();
          node.Rows(q, root);
          t.push_back(Ms(Steady::now() - t0));
        }
        std::fprintf(stderr, "%8.2f ms  %s\n", Median(t), q.c_str());
        if (end == std::string::npos) break;
        start = end + 2;
      }
    }
  }

  // 2. A per-user scan: 10k rows, 7k cold in 5 files + 3k hot, newest 50 by _seq.
  double scan_p50 = 0, scan_overlap_p50 = 0, cold_point_p50 = 0;
  if (!insert_only) {
    Node node(/*sync_writes=*/false);
    node.Exec("CREATE NAMESPACE bench; CREATE USER TABLE bench.msgs (id BIGINT PRIMARY KEY, user_id TEXT, "
              "amount DOUBLE, note TEXT)", root);
    for (int f = 0; f < 5; ++f) {
      Load(node, "bench.msgs", f * 1400, (f + 1) * 1400, alice);
      node.RunJob("FLUSH TABLE bench.msgs");
    }
    Load(node, "bench.msgs", 7000, 10000, alice);
    const std::string q = "SELECT id, note FROM bench.msgs ORDER BY _seq DESC LIMIT 50";
    std::vector<double> t;
    for (int r = 0; r < std::max(runs, 21); ++r) {
      auto t0 = Steady::now();
      RowSet rs = node.Rows(q, alice);
      t.push_back(Ms(Steady::now() - t0));
      if (rs.rows.size() != 50) Die("scan returned a wrong row count");
    }
    scan_p50 = Median(t);
    t.clear();
    for (int r = 0; r < std::max(runs, 21); ++r) {
      auto t0 = Steady::now();
      RowSet rs = node.Rows(fmt::format("SELECT * FROM bench.msgs WHERE id = {}", 300 + r * 311), alice);
      t.push_back(Ms(Steady::now() - t0));
      if (rs.rows.size() != 1) Die("cold point lookup found no row");
    }
    cold_point_p50 = Median(t);
    // The same after 300 updates of flushed rows: hot and cold keys overlap, so the newest
    // version per key is chosen by a window over all 10k rows.
    node.Exec("UPDATE bench.msgs SET note = 'changed' WHERE id % 23 = 0 AND id < 7000", alice);
    t.clear();
    for (int r = 0; r < std::max(runs, 21); ++r) {
      auto t0 = Steady::now();
      node.Rows(q, alice);
      t.push_back(Ms(Steady::now() - t0));
    }
    scan_overlap_p50 = Median(t);
  }

  // 3. Single-row INSERT latency (fsync'd WAL, as the server's default) without and during a flush.
  double p99_idle = 0, p99_flush = 0, p50_idle = 0, p50_flush = 0, p99_ratio = 0;
  int64_t during = 0;
  {
    Node node(/*sync_writes=*/true);
    node.Exec("CREATE NAMESPACE bench; CREATE SHARED TABLE bench.big (id BIGINT PRIMARY KEY, user_id TEXT, "
              "amount DOUBLE, note TEXT); CREATE USER TABLE bench.live (id BIGINT PRIMARY KEY, v TEXT)", root);
    Load(node, "bench.big", 0, rows, root);
    auto insert_run = [&](int64_t base, std::atomic<bool>* stop, int64_t max) {
      std::vector<double> lat;
      for (int64_t i = 0; (stop == nullptr || !stop->load()) && i < max; ++i) {
        auto t0 = Steady::now();
        node.Exec(fmt::format("INSERT INTO bench.live VALUES ({}, 'payload-0123456789')", base + i), alice);
        lat.push_back(Ms(Steady::now() - t0));
      }
      return lat;
    };
    // Three rounds (fresh hot rows each time): this machine's disk makes single fsyncs noisy.
    std::vector<double> p50i, p99i, p50f, p99f, ratios;
    int64_t next_id = 0;
    for (int round = 0; round < 3; ++round) {
      if (round > 0) Load(node, "bench.big", round * rows, (round + 1) * rows, root);
      node.Settle();  // measure the flush, not the tail of the load
      std::vector<double> idle = insert_run(next_id, nullptr, 2000);
      next_id += 2000;
      std::atomic<bool> stop{false};
      std::vector<double> busy;
      std::thread inserter([&] { busy = insert_run(next_id, &stop, INT64_MAX); });
      node.RunJob("FLUSH TABLE bench.big");
      stop = true;
      inserter.join();
      next_id += static_cast<int64_t>(busy.size());
      during += static_cast<int64_t>(busy.size());
      p50i.push_back(Percentile(idle, 0.5));
      p99i.push_back(Percentile(idle, 0.99));
      p50f.push_back(Percentile(busy, 0.5));
      p99f.push_back(Percentile(busy, 0.99));
      ratios.push_back(p99f.back() / p99i.back());
    }
    p50_idle = Median(p50i);
    p99_idle = Median(p99i);
    p50_flush = Median(p50f);
    p99_flush = Median(p99f);
    p99_ratio = Median(ratios);
  }

  if (insert_only) {
    const char* tmp = std::getenv("TMPDIR");
    out += fmt::format("| … control: the same with the data directory in {} (p50 / p99 idle {:.3f} / {:.3f} ms) | {:.3f} / {:.3f} ms | idle p99 | {:.2f}× (p99) | — |\n",
                       tmp ? tmp : "/tmp", p50_idle, p99_idle, p50_flush, p99_flush, p99_ratio);
    std::fputs(out.c_str(), stdout);
    return 0;
  }
  out += "## Cold storage (flush, hot + cold reads)\n\n";
  out += fmt::format("`build/bench/cold_bench --rows {} --runs {}` (bench/cold.sh): in-process, no HTTP; the "
                     "baseline for the aggregate is DuckDB 1.4.4's own `read_parquet` over the same files, "
                     "in the same process and run. Medians.\n\n",
                     rows, runs);
  out += "| Measure | KalamDB | Baseline | Ratio | Target |\n|---|---|---|---|---|\n";
  out += fmt::format("| Flush {} rows (SHARED table, 4 columns) RocksDB → Parquet ({} file) | {:.0f} rows/s | — | — | ≥ 500,000 rows/s |\n",
                     rows, files, flush_rate);
  out += fmt::format("| `count(*), sum(amount), count(DISTINCT user_id)` over {} flushed rows | {:.1f} ms | {:.1f} ms (read_parquet) | {:.2f}× | ≤ 2× |\n",
                     rows, kalam_agg, duck_agg, kalam_agg / duck_agg);
  out += fmt::format("| Per-user scan, 10k rows (7k cold in 5 files + 3k hot), `ORDER BY _seq DESC LIMIT 50`, p50 | {:.2f} ms | — | — | ≤ 5 ms |\n",
                     scan_p50);
  out += fmt::format("| Primary-key lookup of a flushed row (same user, 5 files), p50 | {:.2f} ms | — | — | — |\n",
                     cold_point_p50);
  out += fmt::format("| … the same after 300 updates of flushed rows (keys overlap: newest-version window) | {:.2f} ms | — | — | — |\n",
                     scan_overlap_p50);
  out += fmt::format("| Single-row INSERT (fsync) p50 / p99 idle (median of 3 rounds of 2,000) | {:.3f} / {:.3f} ms | — | — | — |\n", p50_idle, p99_idle);
  out += fmt::format("| … during a flush of {} rows ({} INSERTs in 3 rounds; median of the rounds' p99 ratios) | {:.3f} / {:.3f} ms | idle p99 | {:.2f}× (p99) | ≤ 2× |\n",
                     rows, during, p50_flush, p99_flush, p99_ratio);
  std::fputs(out.c_str(), stdout);
  return 0;
}
