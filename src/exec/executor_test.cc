#include "exec/executor.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "exec/executor_fixture.h"

namespace kalam::exec {
namespace {

TEST_F(ExecutorTest, BatchRunsInOrder) {
  auto b = Run("CREATE NAMESPACE app; CREATE NAMESPACE IF NOT EXISTS app; SHOW NAMESPACES; "
               "SELECT count(*) AS n FROM system.namespaces");
  ASSERT_TRUE(b.error.ok()) << b.error.ToString();
  ASSERT_EQ(b.results.size(), 4u);
  EXPECT_EQ(b.results[0].message, "Namespace 'app' created.");
  EXPECT_EQ(b.results[1].message, "Namespace 'app' already exists, skipping.");
  ASSERT_TRUE(b.results[2].rows.has_value());
  EXPECT_EQ(b.results[2].row_count, 1);
  EXPECT_EQ(std::get<int64_t>(b.results[3].rows->rows[0][0]), 1);
}

TEST_F(ExecutorTest, AlterTableChangesApplyTogetherOrNotAtAll) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.t (id BIGINT PRIMARY KEY, v INT); "
                  "INSERT INTO app.t VALUES (1, NULL)").error.ok());
  // Several changes, as migration tools write them: one schema version.
  EXPECT_EQ(Message("ALTER TABLE ONLY app.t ADD COLUMN a TEXT DEFAULT 'x', ADD COLUMN IF NOT EXISTS v INT, "
                    "ALTER COLUMN a SET NOT NULL, DROP COLUMN IF EXISTS nope, SET ACCESS_LEVEL 'public'"),
            "Table 'app.t' altered (schema version 2).");
  EXPECT_EQ(Rows("SELECT id, v, a FROM app.t").rows, (std::vector<Row>{{Value(int64_t{1}), Value(), Value("x")}}));
  EXPECT_EQ(Rows("SELECT access_level FROM system.tables WHERE table_name = 't'").rows,
            (std::vector<Row>{{Value("public")}}));
  // One bad change: none of them (b is not added), and the schema version stays.
  auto bad = Run("ALTER TABLE app.t ADD COLUMN b INT, ALTER COLUMN v SET NOT NULL");
  EXPECT_EQ(bad.error.code(), ErrorCode::kNotNullViolation);
  bad = Run("ALTER TABLE app.t ADD COLUMN b INT, ADD COLUMN b TEXT");
  EXPECT_EQ(bad.error.code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(Rows("SELECT count(*), max(schema_version) FROM system.columns c JOIN system.tables t USING "
                 "(namespace_id, table_name) WHERE table_name = 't'").rows,
            (std::vector<Row>{{Value(int64_t{3}), Value(int64_t{2})}}));
  // Nothing to change: no new version.
  EXPECT_EQ(Message("ALTER TABLE app.t ADD COLUMN IF NOT EXISTS a INT, DROP COLUMN IF EXISTS zz"),
            "Column 'zz' does not exist, skipping.");
  EXPECT_EQ(Message("ALTER TABLE IF EXISTS app.nope ADD COLUMN x INT"), "Table 'nope' does not exist, skipping.");
  EXPECT_EQ(Run("ALTER TABLE app.nope ADD COLUMN x INT").error.code(), ErrorCode::kTableNotFound);
  EXPECT_EQ(Run("ALTER TABLE app.t ADD COLUMN c INT, RENAME COLUMN a TO b").error.code(), ErrorCode::kSyntaxError);
}

TEST_F(ExecutorTest, WritesAreLimitedByMaxWriteRowsNotByMaxResultRows) {
  // The fixture returns at most 1,000 rows ([limits] max_result_rows); writes may change more.
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v INT)").error.ok());
  session_.caller = User("alice");
  EXPECT_EQ(Message("INSERT INTO app.t SELECT g, 0 FROM generate_series(1, 1500) t(g)"), "1500 rows inserted.");
  EXPECT_EQ(Message("UPDATE app.t SET v = v + 1 WHERE id > 100"), "1400 rows updated.");
  auto select = Run("SELECT * FROM app.t");
  EXPECT_EQ(select.error.code(), ErrorCode::kProgramLimitExceeded);
  EXPECT_EQ(select.error.message(), "query returned more than 1000 rows ([limits] max_result_rows); add a LIMIT");
  EXPECT_EQ(Message("DELETE FROM app.t WHERE v = 1"), "1400 rows deleted.");
  EXPECT_EQ(Rows("SELECT count(*) FROM app.t").rows, (std::vector<Row>{{Value(int64_t{100})}}));

  // Past [limits] max_write_rows nothing is changed, and the error says which limit.
  ExecContext small = exec_ctx_;
  small.max_write_rows = 50;
  Executor limited(small);
  for (const char* sql : {"UPDATE app.t SET v = 7", "DELETE FROM app.t WHERE id > 0",
                          "INSERT INTO app.t SELECT g, 0 FROM generate_series(1001, 1100) t(g)"}) {
    auto r = limited.ExecuteBatch(sql, {}, session_);
    EXPECT_EQ(r.error.code(), ErrorCode::kProgramLimitExceeded) << sql;
    EXPECT_EQ(r.error.message(),
              "statement would change more than 50 rows ([limits] max_write_rows); change them in parts with "
              "narrower WHERE clauses")
        << sql;
  }
  EXPECT_EQ(Rows("SELECT count(*), max(v) FROM app.t").rows, (std::vector<Row>{{Value(int64_t{100}), Value(int64_t{0})}}));
  EXPECT_EQ(limited.ExecuteBatch("UPDATE app.t SET v = 7 WHERE id <= 50", {}, session_).results.back().message,
            "50 rows updated.");
}

TEST_F(ExecutorTest, DefaultValuesInsertsARowOfDefaults) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.d (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), "
                  "who TEXT DEFAULT CURRENT_USER(), n INT DEFAULT 7, note TEXT)")
                  .error.ok());
  session_.caller = User("alice");
  RowSet r = Rows("INSERT INTO app.d DEFAULT VALUES RETURNING who, n, note");
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("alice"), Value(int64_t{7}), Value()}}));
  EXPECT_EQ(Message("INSERT INTO app.d DEFAULT VALUES"), "1 row inserted.");
  EXPECT_EQ(Rows("SELECT count(DISTINCT id), count(*) FROM app.d").rows,
            (std::vector<Row>{{Value(int64_t{2}), Value(int64_t{2})}}));
  // A NOT NULL column without a default refuses it, as in PostgreSQL.
  session_.caller = Root();
  ASSERT_TRUE(Run("CREATE USER TABLE app.k (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  EXPECT_EQ(Run("INSERT INTO app.k DEFAULT VALUES").error.code(), ErrorCode::kNotNullViolation);
}

TEST_F(ExecutorTest, UpdateSetsDefaultsAndColumnLists) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.d (id BIGINT PRIMARY KEY, who TEXT DEFAULT "
                  "CURRENT_USER(), n INT DEFAULT 7, note TEXT, ts TIMESTAMP DEFAULT NOW())")
                  .error.ok());
  session_.caller = User("alice");
  ASSERT_EQ(Message("INSERT INTO app.d VALUES (1, 'x', 1, 'a', '2000-01-01'), (2, 'y', 2, 'b', '2000-01-01')"),
            "2 rows inserted.");
  // SET c = DEFAULT: the literal, the caller, NULL without a default, a fresh NOW().
  RowSet r = Rows("UPDATE ONLY app.d SET n = DEFAULT, who = DEFAULT, (note, ts) = (DEFAULT, DEFAULT) WHERE id = 1 "
                  "RETURNING n, who, note, ts <> '2000-01-01'");
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{7}), Value("alice"), Value(), Value(true)}}));
  // (a, b) = ([ROW] (x, y)) assigns in order; expressions see the old row.
  r = Rows("UPDATE app.d SET (n, note) = ROW(n * 10, note || '!'), who = 'z' WHERE id = 2 RETURNING n, note, who");
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{20}), Value("b!"), Value("z")}}));
  // In an upsert's DO UPDATE too.
  r = Rows("INSERT INTO app.d (id, n) VALUES (2, 5) ON CONFLICT (id) DO UPDATE SET n = DEFAULT, note = excluded.note "
           "RETURNING n, note");
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{7}), Value()}}));
  // Parameters in expressions evaluated over several rows at once.
  r = Rows("UPDATE app.d SET n = n + $1 RETURNING id, n * $1 AS twice", {Value(int64_t{2})});
  std::sort(r.rows.begin(), r.rows.end());
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{1}), Value(int64_t{18})}, {Value(int64_t{2}), Value(int64_t{18})}}));
  EXPECT_EQ(Message("DELETE FROM ONLY app.d WHERE id = 2"), "1 row deleted.");
  EXPECT_EQ(Run("UPDATE app.d SET (n, note) = (1) WHERE id = 1").error.code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(Run("UPDATE app.d SET (n, note) = (SELECT 1, 'x') WHERE id = 1").error.code(),
            ErrorCode::kFeatureNotSupported);
}

TEST_F(ExecutorTest, ReturningTakesExpressionsAndAliases) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT, n INT)").error.ok());
  session_.caller = User("alice");
  auto names = [](const RowSet& r) {
    std::vector<std::string> out;
    for (const auto& c : r.columns) out.push_back(c.name);
    return out;
  };
  RowSet ins = Rows("INSERT INTO app.t VALUES (1, 'a', 10), (2, 'b', 20) "
                    "RETURNING id AS key, upper(v) AS shout, n * 2, t.v, *");
  EXPECT_EQ(names(ins), (std::vector<std::string>{"key", "shout", "?column?", "v", "id", "v", "n"}));
  EXPECT_EQ(ins.rows[1], (Row{Value(int64_t{2}), Value("B"), Value(int64_t{40}), Value("b"), Value(int64_t{2}),
                              Value("b"), Value(int64_t{20})}));
  // Bare columns with aliases keep the column's flags and need no engine.
  RowSet plain = Rows("INSERT INTO app.t VALUES (3, 'c', 30) RETURNING id AS key, v");
  EXPECT_EQ(names(plain), (std::vector<std::string>{"key", "v"}));
  EXPECT_EQ(plain.columns[0].flags, (std::vector<std::string>{"pk", "nn"}));
  RowSet upd = Rows("UPDATE app.t SET n = n + $1 WHERE id = 1 RETURNING n - $1 AS was, n", {Value(int64_t{5})});
  EXPECT_EQ(upd.rows, (std::vector<Row>{{Value(int64_t{10}), Value(int64_t{15})}}));
  RowSet del = Rows("DELETE FROM app.t WHERE id = 2 RETURNING 'gone ' || v AS note");
  EXPECT_EQ(del.rows, (std::vector<Row>{{Value("gone b")}}));
  // No row returned: the names and types still.
  RowSet none = Rows("INSERT INTO app.t VALUES (1, 'x', 0) ON CONFLICT DO NOTHING RETURNING id, length(v) AS len");
  EXPECT_TRUE(none.rows.empty());
  EXPECT_EQ(names(none), (std::vector<std::string>{"id", "len"}));
  // A RETURNING the engine refuses fails before anything is written.
  EXPECT_EQ(Run("INSERT INTO app.t VALUES (9, 'z', 0) RETURNING nope + 1").error.code(), ErrorCode::kColumnNotFound);
  EXPECT_EQ(Run("INSERT INTO app.t VALUES (9, 'z', 0) RETURNING nope").error.code(), ErrorCode::kColumnNotFound);
  EXPECT_EQ(Run("UPDATE app.t SET v = 'q' WHERE id = 1 RETURNING no_such_fn(v)").error.code(),
            ErrorCode::kUndefinedFunction);
  EXPECT_EQ(Run("DELETE FROM app.t WHERE id = 1 RETURNING nope").error.code(), ErrorCode::kColumnNotFound);
  EXPECT_EQ(Rows("SELECT id, v FROM app.t ORDER BY id").rows,
            (std::vector<Row>{{Value(int64_t{1}), Value("a")}, {Value(int64_t{3}), Value("c")}}));
  // An expression in RETURNING takes the INSERT off the quick literal path.
  EXPECT_TRUE(executor_->IsLiteralInsert("INSERT INTO app.t (id, v) VALUES (5, 'e') RETURNING id AS k, *"));
  EXPECT_FALSE(executor_->IsLiteralInsert("INSERT INTO app.t (id, v) VALUES (5, 'e') RETURNING upper(v)"));
}

TEST_F(ExecutorTest, FirstFailureStopsAndEarlierStatementsStay) {
  auto b = Run("CREATE NAMESPACE a1; CREATE NAMESPACE a1; CREATE NAMESPACE a2");
  EXPECT_EQ(b.error.code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(b.error_statement_index, 1);
  EXPECT_EQ(b.results.size(), 1u);
  EXPECT_TRUE(catalog_->namespaces().Exists(NamespaceId::Parse("a1").value()));
  EXPECT_FALSE(catalog_->namespaces().Exists(NamespaceId::Parse("a2").value()));
}

TEST_F(ExecutorTest, ErrorPositionsAreWithinTheBatch) {
  auto b = Run("SELECT 1; SELECT * FROM nope");
  EXPECT_EQ(b.error.code(), ErrorCode::kTableNotFound);
  EXPECT_EQ(b.error_statement_index, 1);
  EXPECT_EQ(b.error.position(), 25);
  b = Run("SELECT 1;\nCREATE NAMESPACE x y");
  EXPECT_EQ(b.error.code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(b.error.position(), 30);
}

TEST_F(ExecutorTest, UseSetsTheNamespaceForTheRestOfTheBatch) {
  auto b = Run("USE nowhere");
  EXPECT_EQ(b.error.code(), ErrorCode::kNamespaceNotFound);
  b = Run("CREATE NAMESPACE app; USE app; SELECT * FROM t");
  EXPECT_EQ(session_.current_namespace, NamespaceId::Parse("app").value());
  EXPECT_EQ(b.error.code(), ErrorCode::kTableNotFound);
  b = Run("DROP NAMESPACE app; DROP NAMESPACE IF EXISTS app; DROP NAMESPACE app");
  EXPECT_EQ(b.results.size(), 2u);
  EXPECT_EQ(b.error.code(), ErrorCode::kNamespaceNotFound);
  EXPECT_FALSE(session_.current_namespace.has_value());
}

TEST_F(ExecutorTest, EmptyBatchIsInvalid) {
  EXPECT_EQ(Run("  ; -- nothing").error.code(), ErrorCode::kInvalidParameter);
}

TEST_F(ExecutorTest, NamespaceDdlNeedsDba) {
  session_.caller.role = Role::kUser;
  auto b = Run("CREATE NAMESPACE app");
  EXPECT_EQ(b.error.code(), ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace kalam::exec

namespace kalam::exec {
namespace {

TEST_F(ExecutorTest, RepeatedBatchesComeFromTheCacheUntilClearCache) {
  ASSERT_TRUE(Run("CREATE NAMESPACE c1").error.ok());
  auto first = Run("SELECT count(*) FROM system.namespaces");
  ASSERT_TRUE(first.error.ok());
  auto second = Run("SELECT count(*) FROM system.namespaces");
  ASSERT_TRUE(second.error.ok());
  EXPECT_EQ(std::get<int64_t>(second.results[0].rows->rows[0][0]), 1);
  ASSERT_TRUE(Run("CREATE NAMESPACE c2").error.ok());
  // Cached parse, fresh data.
  auto third = Run("SELECT count(*) FROM system.namespaces");
  EXPECT_EQ(std::get<int64_t>(third.results[0].rows->rows[0][0]), 2);
  auto cleared = Run("CLEAR CACHE");
  ASSERT_TRUE(cleared.error.ok()) << cleared.error.ToString();
  EXPECT_EQ(cleared.results[0].message, "Caches cleared.");
  // A syntax error after valid statements: the valid ones still run.
  auto partial = Run("CREATE NAMESPACE c3; SELEC 1");
  EXPECT_EQ(partial.error.code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(partial.error_statement_index, 1);
  EXPECT_TRUE(catalog_->namespaces().Exists(NamespaceId::Parse("c3").value()));
}

}  // namespace
}  // namespace kalam::exec

namespace kalam::exec {
namespace {

TEST_F(ExecutorTest, QuickPathTakesSmallLiteralInsertsAndPointReadsOnly) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT, "
                  "at TIMESTAMP DEFAULT NOW())")
                  .error.ok());
  auto quick = executor_->TryExecuteQuick("INSERT INTO app.t (id, v) VALUES (1, 'a'), ($1, 'b')",
                                          {Value(int64_t{2})}, session_);
  ASSERT_TRUE(quick.has_value());
  ASSERT_TRUE(quick->error.ok()) << quick->error.ToString();
  EXPECT_EQ(quick->results.at(0).message, "2 rows inserted.");
  // Its errors are the full path's, with positions.
  quick = executor_->TryExecuteQuick("INSERT INTO app.t (id, v) VALUES (1, 'again')", {}, session_);
  ASSERT_TRUE(quick.has_value());
  EXPECT_EQ(quick->error.code(), ErrorCode::kUniqueViolation);
  // Anything the engine must evaluate, or a batch, goes to the workers.
  EXPECT_FALSE(executor_->TryExecuteQuick("INSERT INTO app.t (id, v) VALUES (3, upper('x'))", {}, session_));
  EXPECT_FALSE(executor_->TryExecuteQuick("INSERT INTO app.t (id, v) SELECT 4, 'x'", {}, session_));
  EXPECT_FALSE(executor_->TryExecuteQuick("INSERT INTO app.t (id) VALUES (5); SELECT 1", {}, session_));
  EXPECT_FALSE(executor_->TryExecuteQuick("UPDATE app.t SET v = 'z' WHERE id = 1", {}, session_));
  quick = executor_->TryExecuteQuick("SELECT v FROM app.t WHERE id = 2", {}, session_);
  ASSERT_TRUE(quick.has_value());
  EXPECT_EQ(std::get<std::string>(quick->results.at(0).rows->rows.at(0).at(0)), "b");
  // The same shapes are what the HTTP route starts without waiting when writes are fsync'd.
  EXPECT_TRUE(executor_->IsLiteralInsert("INSERT INTO app.t (id, v) VALUES (1, 'a'), ($1, 'b')"));
  EXPECT_FALSE(executor_->IsLiteralInsert("INSERT INTO app.t (id, v) VALUES (3, upper('x'))"));
  EXPECT_FALSE(executor_->IsLiteralInsert("INSERT INTO app.t (id, v) SELECT 4, 'x'"));
  EXPECT_TRUE(executor_->IsLiteralInsert("INSERT INTO app.t (id, v) VALUES (1, 'a') ON CONFLICT DO NOTHING"));
  // DO UPDATE reads the stored row first.
  EXPECT_FALSE(executor_->IsLiteralInsert("INSERT INTO app.t (id, v) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE "
                                          "SET v = excluded.v"));
  EXPECT_FALSE(executor_->IsLiteralInsert("INSERT INTO app.t (id) VALUES (5); INSERT INTO app.t (id) VALUES (6)"));
  EXPECT_FALSE(executor_->IsLiteralInsert("UPDATE app.t SET v = 'z' WHERE id = 1"));
  EXPECT_FALSE(executor_->IsLiteralInsert("INSERT INTO"));
  // Anything else is refused by StartLiteralInsert, and not run.
  BatchResult refused;
  executor_->StartLiteralInsert("UPDATE app.t SET v = 'z' WHERE id = 1", {}, session_,
                                [&](BatchResult r) { refused = std::move(r); });
  EXPECT_EQ(refused.error.code(), ErrorCode::kInternal);
  auto v = Run("SELECT v FROM app.t WHERE id = 1");
  ASSERT_TRUE(v.error.ok());
  EXPECT_EQ(std::get<std::string>(v.results.at(0).rows->rows.at(0).at(0)), "a");
}

}  // namespace
}  // namespace kalam::exec

namespace kalam::exec {
namespace {

TEST_F(ExecutorTest, WithFsyncALiteralInsertIsQuickWhileNoCommitIsBeingWritten) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  store::WriterPool synced(store_.get(), &ids_, 4, /*sync=*/true);
  synced.Start();
  ExecContext ctx = exec_ctx_;
  ctx.writers = &synced;
  Executor executor(ctx);
  // Nobody commits and no commit was slow yet: the I/O thread may commit it itself. (One INSERT
  // only: whether the next is quick depends on this machine's fsync time. While a commit is being
  // written it is refused: CommitQueueTest.WritesNowQuickly….)
  auto quick = executor.TryExecuteQuick("INSERT INTO app.t (id, v) VALUES (1, 'x')", {}, session_);
  ASSERT_TRUE(quick.has_value());
  EXPECT_TRUE(quick->error.ok()) << quick->error.ToString();
  EXPECT_FALSE(executor.TryExecuteQuick("INSERT INTO app.t (id, v) VALUES (4, upper('x'))", {}, session_));
  synced.Stop();
  auto count = Run("SELECT count(*) FROM app.t");
  ASSERT_TRUE(count.error.ok()) << count.error.ToString();
  EXPECT_EQ(std::get<int64_t>(count.results[0].rows->rows[0][0]), 1);
}

/// The results StartLiteralInsert hands over (from the committer's thread), by name.
struct StartedResults {
  std::function<void(BatchResult)> For(std::string name) {
    return [this, name = std::move(name)](BatchResult r) {
      std::lock_guard lock(mu);
      results[name] = std::move(r);
      cv.notify_all();
    };
  }
  /// Waits (up to 5 s) until `n` results are in.
  bool WaitFor(size_t n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(5), [&] { return results.size() >= n; });
  }
  size_t size() {
    std::lock_guard lock(mu);
    return results.size();
  }
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, BatchResult> results;
};

/// Holds the first commit it hears of until released.
class HoldingListener : public store::ChangeListener {
 public:
  void OnCommit(std::vector<store::Change>&&) override {
    std::unique_lock lock(mu_);
    entered_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_; });
  }
  void WaitEntered() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return entered_; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool entered_ = false;
  bool released_ = false;
};

// Without fsync too, a literal INSERT is taken on the I/O thread only when its commit can start at
// once: behind a commit being written it is started without waiting instead (no spinning I/O thread).
TEST_F(ExecutorTest, WithoutFsyncALiteralInsertIsNotQuickWhileACommitIsBeingWritten) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  store::WriterPool pool(store_.get(), &ids_, 4, /*sync=*/false, /*change_retention_ms=*/3600 * 1000);
  ASSERT_OK(pool.Init());
  HoldingListener listener;
  pool.SetListener(&listener);
  pool.Start();
  ASSERT_OK(pool.Shared().RunExclusive([&]() -> Status { return pool.Shared().Watch("shared.app.t").status(); }));
  ExecContext ctx = exec_ctx_;
  ctx.writers = &pool;
  Executor executor(ctx);
  std::thread first([&] {
    auto r = executor.ExecuteBatch("INSERT INTO app.t (id, v) VALUES (1, 'a')", {}, session_);
    EXPECT_TRUE(r.error.ok()) << r.error.ToString();
  });
  listener.WaitEntered();  // its commit is being written, held here
  EXPECT_FALSE(executor.TryExecuteQuick("INSERT INTO app.t (id, v) VALUES (2, 'b')", {}, session_));
  StartedResults started;
  executor.StartLiteralInsert("INSERT INTO app.t (id, v) VALUES (2, 'b')", {}, session_, started.For("b"));
  EXPECT_EQ(started.size(), 0u);  // it waits for the held commit, holding no thread
  listener.Release();
  first.join();
  ASSERT_TRUE(started.WaitFor(1));
  EXPECT_TRUE(started.results["b"].error.ok()) << started.results["b"].error.ToString();
  pool.Stop();
  auto count = Run("SELECT count(*) FROM app.t");
  ASSERT_TRUE(count.error.ok()) << count.error.ToString();
  EXPECT_EQ(std::get<int64_t>(count.results[0].rows->rows[0][0]), 2);
}

TEST_F(ExecutorTest, ALiteralInsertStartedWithoutWaitingAnswersWhenItsCommitIsWritten) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT NOT NULL)")
                  .error.ok());
  store::WriterPool synced(store_.get(), &ids_, 4, /*sync=*/true);
  synced.Start();
  ExecContext ctx = exec_ctx_;
  ctx.writers = &synced;
  Executor executor(ctx);
  StartedResults started;
  auto start = [&](const std::string& name, const std::string& sql, std::vector<Value> params = {}) {
    executor.StartLiteralInsert(sql, params, session_, started.For(name));
  };
  start("two", "INSERT INTO app.t (id, v) VALUES (1, 'a'), ($1, 'b')", {Value(int64_t{2})});
  start("returning", "INSERT INTO app.t (id, v) VALUES (3, 'c') RETURNING id, v");
  start("duplicate", "INSERT INTO app.t (id, v) VALUES (1, 'again')");
  start("nothing", "INSERT INTO app.t (id, v) VALUES (1, 'again'), (4, 'd') ON CONFLICT DO NOTHING RETURNING id");
  start("null", "INSERT INTO app.t (id) VALUES (9)");
  start("no table", "INSERT INTO app.nope (id) VALUES (1)");
  ASSERT_TRUE(started.WaitFor(6));
  synced.Stop();
  auto& results = started.results;
  ASSERT_TRUE(results["two"].error.ok()) << results["two"].error.ToString();
  EXPECT_EQ(results["two"].results.at(0).message, "2 rows inserted.");
  ASSERT_TRUE(results["returning"].error.ok()) << results["returning"].error.ToString();
  ASSERT_TRUE(results["returning"].results.at(0).rows.has_value());
  EXPECT_EQ(std::get<std::string>(results["returning"].results.at(0).rows->rows.at(0).at(1)), "c");
  EXPECT_EQ(results["duplicate"].error.code(), ErrorCode::kUniqueViolation);
  EXPECT_EQ(results["duplicate"].error.message(), "duplicate key value violates unique constraint \"t_pkey\"");
  ASSERT_TRUE(results["nothing"].error.ok()) << results["nothing"].error.ToString();
  EXPECT_EQ(results["nothing"].results.at(0).message, "1 row inserted.");
  EXPECT_EQ(results["nothing"].results.at(0).rows->rows, (std::vector<Row>{{Value(int64_t{4})}}));
  EXPECT_EQ(results["null"].error.code(), ErrorCode::kNotNullViolation);
  EXPECT_EQ(results["no table"].error.code(), ErrorCode::kTableNotFound);
  auto count = Run("SELECT count(*) FROM app.t");
  ASSERT_TRUE(count.error.ok()) << count.error.ToString();
  EXPECT_EQ(std::get<int64_t>(count.results[0].rows->rows[0][0]), 4);
}

}  // namespace
}  // namespace kalam::exec
