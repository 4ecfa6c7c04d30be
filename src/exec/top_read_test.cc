// `SELECT cols FROM t ORDER BY pk [DESC] LIMIT n` answered by walking the hot store's keys
// (engine/internal/top_query.cc) must return exactly what the planned DuckDB path returns — with
// rows flushed to Parquet, deleted and updated, for the caller's partition only — and leave to the
// planner whatever it cannot answer from the hot store.
#include <fmt/format.h>

#include "exec/executor_fixture.h"

namespace kalam::exec {
namespace {

class TopReadTest : public ExecutorTest {
 protected:
  uint64_t TopReads() const { return engine_->top_reads(); }
  /// `fast` must take the top-rows path, `slow` (same meaning) the planner.
  void ExpectSame(std::string_view fast, std::string_view slow) {
    ExpectSameAnswer(fast, slow, {}, [&] { return TopReads(); });
  }
  /// `sql` takes the planner (and answers what it answers).
  void ExpectPlanned(std::string_view sql) {
    const uint64_t before = TopReads();
    Rows(sql);
    EXPECT_EQ(TopReads(), before) << sql << " took the top-rows path";
  }
  static std::vector<int64_t> Ids(const RowSet& r) {
    std::vector<int64_t> ids;
    for (const Row& row : r.rows) ids.push_back(std::get<int64_t>(row[0]));
    return ids;
  }
};

TEST_F(TopReadTest, NewestAndOldestRowsOfTheCallersPartition) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT, n INT, "
                  "ts TIMESTAMP, j JSON)")
                  .error.ok());
  session_.caller = User("bob");
  ASSERT_TRUE(Run("INSERT INTO app.t (id, v) VALUES (-100, 'bob'), (100, 'bob'), (1000, 'bob')").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, 'v' || g, g * 2, TIMESTAMP '2026-11-27 10:00:00' + INTERVAL (g) SECOND, "
                  "'{\"g\":' || g || '}' FROM generate_series(-5, 30) t(g)")
                  .error.ok());
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id IN (30, 28, -5); UPDATE app.t SET v = 'changed' WHERE id = 29").error.ok());
  ExpectSame("SELECT * FROM app.t ORDER BY id DESC LIMIT 5", "SELECT * FROM app.t WHERE true ORDER BY id DESC LIMIT 5");
  ExpectSame("SELECT * FROM app.t ORDER BY id LIMIT 4", "SELECT * FROM app.t WHERE true ORDER BY id LIMIT 4");
  ExpectSame("SELECT v AS label, id FROM app.t ORDER BY id ASC LIMIT 3",
             "SELECT v AS label, id FROM app.t WHERE true ORDER BY id ASC LIMIT 3");
  ExpectSame("SELECT id, n FROM app.t ORDER BY id DESC LIMIT 1000",
             "SELECT id, n FROM app.t WHERE true ORDER BY id DESC LIMIT 1000");
  ExpectSame("SELECT id FROM app.t ORDER BY id DESC LIMIT 0", "SELECT id FROM app.t WHERE true ORDER BY id DESC LIMIT 0");
  EXPECT_EQ(Ids(Rows("SELECT id, v FROM app.t ORDER BY id DESC LIMIT 3")), (std::vector<int64_t>{29, 27, 26}));
  EXPECT_EQ(Rows("SELECT v FROM app.t ORDER BY id DESC LIMIT 1").rows, (std::vector<Row>{{Value("changed")}}));
  EXPECT_EQ(Rows("SELECT id FROM app.t ORDER BY id DESC LIMIT 100").rows.size(), 33u);  // 36 rows, 3 deleted

  // Bob sees his rows only; a user with no rows sees none.
  session_.caller = User("bob");
  EXPECT_EQ(Ids(Rows("SELECT * FROM app.t ORDER BY id DESC LIMIT 10")), (std::vector<int64_t>{1000, 100, -100}));
  session_.caller = User("carol");
  EXPECT_TRUE(Rows("SELECT * FROM app.t ORDER BY id DESC LIMIT 10").rows.empty());

  // Not this shape, or not by the key: the planner answers.
  session_.caller = User("alice");
  ExpectPlanned("SELECT * FROM app.t ORDER BY n DESC LIMIT 5");
  ExpectPlanned("SELECT n AS id FROM app.t ORDER BY id DESC LIMIT 5");  // ORDER BY the output column
  ExpectPlanned("SELECT * FROM app.t ORDER BY id DESC LIMIT 5 OFFSET 1");
  ExpectPlanned("SELECT * FROM app.t ORDER BY id DESC, n LIMIT 5");
  ExpectPlanned("SELECT * FROM app.t ORDER BY id DESC");
  ExpectPlanned("SELECT id, _seq FROM app.t ORDER BY id DESC LIMIT 5");
  ExpectPlanned("SELECT * FROM app.t ORDER BY id DESC LIMIT 20000");
}

TEST_F(TopReadTest, DescendingWalksOverSparseAndDenseKeysAgreeWithThePlanner) {
  // BIGINT keys are walked down in forward chunks sized from the key spacing: dense keys under
  // sparse ones (a chunk too full is read again narrower), negative keys, gaps that grow, deleted
  // rows inside chunks.
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v INT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, g % 7 FROM generate_series(1, 5000) t(g); "
                  "INSERT INTO app.t SELECT -g * g * 1000, 2 FROM generate_series(1, 300) t(g); "
                  "INSERT INTO app.t VALUES (1000000000000000, 3), (2000000000000000, 4), "
                  "(9223372036854775807, 5), (-9223372036854775808, 6); "
                  "DELETE FROM app.t WHERE id % 5 = 0 AND id BETWEEN 4000 AND 4990")
                  .error.ok());
  for (int limit : {1, 2, 3, 4, 10, 100, 999}) {
    ExpectSame(fmt::format("SELECT * FROM app.t ORDER BY id DESC LIMIT {}", limit),
               fmt::format("SELECT * FROM app.t WHERE true ORDER BY id DESC LIMIT {}", limit));
  }
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id >= 100 OR v = 2").error.ok());  // a few rows left, far apart
  for (int limit : {1, 50, 200}) {
    ExpectSame(fmt::format("SELECT id FROM app.t ORDER BY id DESC LIMIT {}", limit),
               fmt::format("SELECT id FROM app.t WHERE true ORDER BY id DESC LIMIT {}", limit));
  }
  // 1..99 but those with v = 2 (g % 7 = 2: 14 of them), and the minimum.
  EXPECT_EQ(Rows("SELECT id FROM app.t ORDER BY id DESC LIMIT 200").rows.size(), 86u);
  session_.caller = User("nobody");
  ExpectSame("SELECT id FROM app.t ORDER BY id DESC LIMIT 5", "SELECT id FROM app.t WHERE true ORDER BY id DESC LIMIT 5");
}

TEST_F(TopReadTest, TheHttpQuickPathAnswersSmallLimits) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, 'v' || g FROM generate_series(1, 1500) t(g)").error.ok());
  const uint64_t before = TopReads();
  auto quick = executor_->TryExecuteQuick("SELECT * FROM app.t ORDER BY id DESC LIMIT 2", {}, session_);
  ASSERT_TRUE(quick.has_value());
  ASSERT_TRUE(quick->error.ok());
  ASSERT_TRUE(quick->results.back().rows.has_value());
  EXPECT_EQ(quick->results.back().rows->rows,
            (std::vector<Row>{{Value(int64_t{1500}), Value("v1500")}, {Value(int64_t{1499}), Value("v1499")}}));
  EXPECT_EQ(quick->results.back().row_count, 2);
  EXPECT_EQ(TopReads(), before + 1);
  // A long walk is not done on an I/O thread; the executor's own path walks it — and leaves it to
  // the planner when the answer is over [limits] max_result_rows (1,000 here), for its error.
  EXPECT_FALSE(executor_->TryExecuteQuick("SELECT * FROM app.t ORDER BY id DESC LIMIT 1001", {}, session_));
  EXPECT_EQ(Run("SELECT * FROM app.t ORDER BY id DESC LIMIT 1001").error.code(), ErrorCode::kProgramLimitExceeded);
  EXPECT_EQ(TopReads(), before + 1);
  EXPECT_EQ(Rows("SELECT * FROM app.t ORDER BY id LIMIT 1000").rows.size(), 1000u);
  EXPECT_EQ(TopReads(), before + 2);
  // A key range without LIMIT: on the I/O thread when it holds at most 1,000 rows.
  auto range = executor_->TryExecuteQuick("SELECT id FROM app.t WHERE id BETWEEN $1 AND $2",
                                          {Value(int64_t{10}), Value(int64_t{12})}, session_);
  ASSERT_TRUE(range.has_value());
  ASSERT_TRUE(range->error.ok()) << range->error.ToString();
  EXPECT_EQ(range->results.back().rows->rows,
            (std::vector<Row>{{Value(int64_t{10})}, {Value(int64_t{11})}, {Value(int64_t{12})}}));
  EXPECT_EQ(TopReads(), before + 3);
  EXPECT_FALSE(executor_->TryExecuteQuick("SELECT id FROM app.t WHERE id > 400", {}, session_));
  EXPECT_EQ(TopReads(), before + 3);
}

TEST_F(TopReadTest, FlushedRowsAreReadByThePlannerUnlessTheLimitIsReachedFirst) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, 'old' || g FROM generate_series(1, 20) t(g)").error.ok());
  ASSERT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  // Hot again: new rows above the flushed ones, an update and a delete of flushed rows.
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, 'new' || g FROM generate_series(21, 25) t(g); "
                  "UPDATE app.t SET v = 'updated' WHERE id = 20; DELETE FROM app.t WHERE id = 19")
                  .error.ok());
  // The newest 6 are hot (25..21 and the updated 20): no file is read.
  ExpectSame("SELECT * FROM app.t ORDER BY id DESC LIMIT 6", "SELECT * FROM app.t WHERE true ORDER BY id DESC LIMIT 6");
  EXPECT_EQ(Rows("SELECT v FROM app.t ORDER BY id DESC LIMIT 6").rows.back(), (Row{Value("updated")}));
  // The 7th would skip the deleted 19 and reach 18, which is only in Parquet: planned.
  ExpectPlanned("SELECT * FROM app.t ORDER BY id DESC LIMIT 7");
  EXPECT_EQ(Ids(Rows("SELECT * FROM app.t ORDER BY id DESC LIMIT 7")), (std::vector<int64_t>{25, 24, 23, 22, 21, 20, 18}));
  ExpectPlanned("SELECT * FROM app.t ORDER BY id LIMIT 1");  // the oldest is flushed
  EXPECT_EQ(Ids(Rows("SELECT * FROM app.t ORDER BY id LIMIT 2")), (std::vector<int64_t>{1, 2}));

  // Deleted flushed rows are skipped without reading their files.
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id <= 3").error.ok());
  ASSERT_EQ(Flush("app.t").status, JobStatus::kCompleted);  // everything cold now; 1..3 and 19 as tombstones
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (-1, 'below')").error.ok());
  ExpectSame("SELECT id, v FROM app.t ORDER BY id LIMIT 1", "SELECT id, v FROM app.t WHERE true ORDER BY id LIMIT 1");
  EXPECT_EQ(Ids(Rows("SELECT id, v FROM app.t ORDER BY id LIMIT 2")), (std::vector<int64_t>{-1, 4}));
}

TEST_F(TopReadTest, SharedTablesWithTextKeysAndAccessLevels) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.s (k TEXT PRIMARY KEY, v INT) "
                  "WITH (ACCESS_LEVEL='public'); CREATE SHARED TABLE app.p (k TEXT PRIMARY KEY, v INT); "
                  "CREATE SHARED TABLE app.u (k UUID PRIMARY KEY, v INT)")
                  .error.ok());
  ASSERT_TRUE(Run("INSERT INTO app.s VALUES ('b', 1), ('a', 2), ('ab', 3), ('B', 4), ('é', 5), ('', 6); "
                  "INSERT INTO app.p VALUES ('x', 1); "
                  "INSERT INTO app.u VALUES ('0190a8c0-0000-7000-8000-000000000001', 1), "
                  "('ff90a8c0-0000-7000-8000-000000000001', 2)")
                  .error.ok());
  ExpectSame("SELECT * FROM app.s ORDER BY k DESC LIMIT 10", "SELECT * FROM app.s WHERE true ORDER BY k DESC LIMIT 10");
  ExpectSame("SELECT * FROM app.s ORDER BY k LIMIT 4", "SELECT * FROM app.s WHERE true ORDER BY k LIMIT 4");
  ExpectPlanned("SELECT * FROM app.u ORDER BY k DESC LIMIT 1");  // UUID keys: DuckDB's order decides
  // A user may read the public table, not the private one: the planner refuses that one.
  session_.caller = User("alice");
  ExpectSame("SELECT k FROM app.s ORDER BY k DESC LIMIT 2", "SELECT k FROM app.s WHERE true ORDER BY k DESC LIMIT 2");
  const uint64_t before = TopReads();
  auto denied = Run("SELECT * FROM app.p ORDER BY k LIMIT 1");
  EXPECT_EQ(denied.error.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(TopReads(), before);
}

TEST_F(TopReadTest, KeyBoundsPageThroughThePartition) {
  // A chat's "older messages": WHERE id < $cursor ORDER BY id DESC LIMIT n, and every other bound.
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("bob");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, 'bob' FROM generate_series(-50, 400) t(g)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g * 3, 'v' || g FROM generate_series(-10, 100) t(g); "
                  "DELETE FROM app.t WHERE id IN (99, 150, 153)")
                  .error.ok());
  const char* wheres[] = {
      "id < 100",        "id <= 99",         "id > 150",           "id >= 150",  "100 > id",
      "id BETWEEN 30 AND 60", "id > 10 AND id < 20", "id > 10 AND id >= 12 AND id <= 60 AND id < 61",
      "id < -1000",      "id > 100000",      "id > 50 AND id < 40", "id < 0",    "id >= -30 AND id <= -30",
  };
  for (const char* where : wheres) {
    for (const char* order : {"DESC", "ASC"}) {
      for (int limit : {1, 7, 500}) {
        ExpectSame(fmt::format("SELECT * FROM app.t WHERE {} ORDER BY id {} LIMIT {}", where, order, limit),
                   fmt::format("SELECT * FROM app.t WHERE {} AND true ORDER BY id {} LIMIT {}", where, order, limit));
      }
    }
  }
  // Pages by a cursor parameter, as a client walks back: every row once, newest first.
  std::vector<int64_t> seen;
  std::optional<int64_t> cursor;
  for (int page = 0; page < 30; ++page) {
    RowSet r = cursor ? Rows("SELECT id FROM app.t WHERE id < $1 ORDER BY id DESC LIMIT 25", {Value(*cursor)})
                      : Rows("SELECT id FROM app.t ORDER BY id DESC LIMIT 25");
    if (r.rows.empty()) break;
    for (int64_t id : Ids(r)) seen.push_back(id);
    cursor = seen.back();
  }
  std::vector<int64_t> expected;
  for (int64_t g = 100; g >= -10; --g) {
    if (g * 3 != 99 && g * 3 != 150 && g * 3 != 153) expected.push_back(g * 3);
  }
  EXPECT_EQ(seen, expected);
  // A bound the key column cannot take as it is, or on another column: the planner decides.
  ExpectPlanned("SELECT * FROM app.t WHERE id < 10.5 ORDER BY id DESC LIMIT 5");
  ExpectPlanned("SELECT * FROM app.t WHERE id < '10' ORDER BY id DESC LIMIT 5");
  ExpectPlanned("SELECT * FROM app.t WHERE v < 'v5' ORDER BY id DESC LIMIT 5");
  ExpectPlanned("SELECT * FROM app.t WHERE id <> 10 ORDER BY id DESC LIMIT 5");
  ExpectPlanned("SELECT * FROM app.t WHERE id < 10 OR id > 20 ORDER BY id DESC LIMIT 5");
  const uint64_t before = TopReads();
  EXPECT_EQ(Ids(Rows("SELECT id FROM app.t WHERE id < $1 ORDER BY id DESC LIMIT 2", {Value("10")})),
            (std::vector<int64_t>{9, 6}));
  EXPECT_EQ(TopReads(), before) << "a text parameter against a BIGINT key took the top-rows path";
}

TEST_F(TopReadTest, KeyRangesWithoutOrderByAreWalkedInKeyOrder) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, 'v' || g FROM generate_series(1, 12000) t(g); "
                  "DELETE FROM app.t WHERE id = 15")
                  .error.ok());
  for (const char* where : {"id BETWEEN 10 AND 20", "id > 11990", "id <= 3", "id >= $1 AND id < $2", "id < 0"}) {
    ExpectSameAnswer(fmt::format("SELECT * FROM app.t WHERE {}", where),
                     fmt::format("SELECT * FROM app.t WHERE {} AND true", where),
                     std::string_view(where).find('$') != std::string_view::npos
                         ? std::vector<Value>{Value(int64_t{500}), Value(int64_t{520})}
                         : std::vector<Value>{},
                     [&] { return TopReads(); });
  }
  // More rows than a walk takes (10,000): the planner answers, all of them.
  ExecContext ctx = exec_ctx_;
  ctx.max_result_rows = 20000;
  Executor roomy(ctx);
  const uint64_t before = TopReads();
  auto all = roomy.ExecuteBatch("SELECT id FROM app.t WHERE id >= 1000", {}, session_);
  ASSERT_TRUE(all.error.ok()) << all.error.ToString();
  EXPECT_EQ(all.results.at(0).rows->rows.size(), 11001u);
  EXPECT_EQ(TopReads(), before);
  // Over [limits] max_result_rows (1,000 here): the planner's error.
  EXPECT_EQ(Run("SELECT id FROM app.t WHERE id >= 8000").error.code(), ErrorCode::kProgramLimitExceeded);
}

TEST_F(TopReadTest, KeyBoundsOverTextKeysAndFlushedRows) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.kv (k TEXT PRIMARY KEY, v INT); "
                  "CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v INT)")
                  .error.ok());
  ASSERT_TRUE(Run("INSERT INTO app.kv SELECT 'k' || lpad(g::TEXT, 3, '0'), g FROM generate_series(1, 200) t(g)").error.ok());
  for (const char* where : {"k < 'k100'", "k >= 'k050' AND k < 'k060'", "k > 'k1'", "k <= 'k'", "k > 'k19'"}) {
    for (const char* order : {"DESC", "ASC"}) {
      ExpectSame(fmt::format("SELECT k, v FROM app.kv WHERE {} ORDER BY k {} LIMIT 8", where, order),
                 fmt::format("SELECT k, v FROM app.kv WHERE {} AND true ORDER BY k {} LIMIT 8", where, order));
    }
  }
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, g FROM generate_series(1, 100) t(g)").error.ok());
  ASSERT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, g FROM generate_series(101, 200) t(g)").error.ok());
  // Only hot rows in the bounds: the walk answers; live flushed rows in reach: the planner does.
  ExpectSame("SELECT * FROM app.t WHERE id > 150 ORDER BY id DESC LIMIT 10",
             "SELECT * FROM app.t WHERE id > 150 AND true ORDER BY id DESC LIMIT 10");
  ExpectSame("SELECT * FROM app.t WHERE id <= 120 ORDER BY id DESC LIMIT 20",
             "SELECT * FROM app.t WHERE id <= 120 AND true ORDER BY id DESC LIMIT 20");
  const uint64_t before = TopReads();
  EXPECT_EQ(Rows("SELECT * FROM app.t WHERE id < 110 ORDER BY id DESC LIMIT 15").rows,
            Rows("SELECT * FROM app.t WHERE id < 110 AND true ORDER BY id DESC LIMIT 15").rows);
  EXPECT_EQ(Rows("SELECT * FROM app.t WHERE id BETWEEN 40 AND 45 ORDER BY id LIMIT 15").rows.size(), 6u);
  EXPECT_EQ(TopReads(), before);
}

}  // namespace
}  // namespace kalam::exec
