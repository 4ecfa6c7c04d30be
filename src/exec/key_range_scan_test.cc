// Filters on the primary key narrow a planned scan of hot rows to the keys they allow
// (engine/internal/key_ranges.cc): BETWEEN, <, >, IN, OR of equalities, over BIGINT and TEXT keys.
#include "exec/executor_fixture.h"

namespace kalam::exec {
namespace {

class KeyRangeScanTest : public ExecutorTest {
 protected:
  /// The rows of `sql`, and how many hot row versions its scans stepped over.
  std::pair<std::vector<Row>, uint64_t> Scanned(const std::string& sql) {
    const uint64_t before = engine_->hot_rows_scanned();
    RowSet r = Rows(sql);
    return {r.rows, engine_->hot_rows_scanned() - before};
  }
  /// `narrow` reads at most `max_scanned` versions and answers as `full` (the same filter written
  /// so it cannot be pushed down), which reads the whole partition.
  void ExpectNarrow(const std::string& narrow, const std::string& full, uint64_t max_scanned, size_t rows) {
    auto [got, scanned] = Scanned(narrow);
    auto [expected, all] = Scanned(full);
    EXPECT_EQ(got, expected) << narrow;
    EXPECT_EQ(got.size(), rows) << narrow;
    EXPECT_LE(scanned, max_scanned) << narrow;
    EXPECT_GT(all, max_scanned) << full << " should have read the whole partition";
  }
};

TEST_F(KeyRangeScanTest, BigintKeysReadOnlyTheirRange) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.m (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("bob");  // bob's keys sit around alice's in the same family
  ASSERT_TRUE(Run("INSERT INTO app.m SELECT x, 'bob' FROM range(-5, 1000) t(x)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.m SELECT x, 'v' || x FROM range(-5, 1000) t(x)").error.ok());
  ASSERT_TRUE(Run("DELETE FROM app.m WHERE id = 105").error.ok());
  ExpectNarrow("SELECT * FROM app.m WHERE id BETWEEN 100 AND 109 ORDER BY id",
               "SELECT * FROM app.m WHERE (id % 1000000) BETWEEN 100 AND 109 ORDER BY id", 11, 9);
  ExpectNarrow("SELECT id FROM app.m WHERE id > 990 ORDER BY id",
               "SELECT id FROM app.m WHERE (id % 1000000) > 990 ORDER BY id", 10, 9);
  ExpectNarrow("SELECT id FROM app.m WHERE -2 > id ORDER BY id",
               "SELECT id FROM app.m WHERE -2 > (id % 1000000) ORDER BY id", 4, 3);
  ExpectNarrow(
      "SELECT id, v FROM app.m WHERE id >= 10 AND id < 20 AND v LIKE 'v1%' ORDER BY id",
      "SELECT id, v FROM app.m WHERE (id % 1000000) >= 10 AND (id % 1000000) < 20 AND v LIKE 'v1%' ORDER BY id", 11,
      10);
  ExpectNarrow("SELECT id FROM app.m WHERE id IN (500, 7, 5, 7, 105, 5000) ORDER BY id",
               "SELECT id FROM app.m WHERE (id % 1000000) IN (500, 7, 5, 7, 105, 5000) ORDER BY id", 8, 3);
  ExpectNarrow("SELECT id FROM app.m WHERE id = 3 OR id = 400 ORDER BY id",
               "SELECT id FROM app.m WHERE (id % 1000000) = 3 OR (id % 1000000) = 400 ORDER BY id", 4, 2);
  ExpectNarrow("SELECT id FROM app.m WHERE id IN (1, 2, 3) AND id > 1 ORDER BY id",
               "SELECT id FROM app.m WHERE (id % 1000000) IN (1, 2, 3) AND (id % 1000000) > 1 ORDER BY id", 3, 2);
  // No key is both: nothing to read (DuckDB finds that by itself too).
  auto [none, none_scanned] = Scanned("SELECT count(*) FROM app.m WHERE id > 10 AND id < 5");
  EXPECT_EQ(none, (std::vector<Row>{{Value(int64_t{0})}}));
  EXPECT_EQ(none_scanned, 0u);
  // A parameter is a constant by the time the scan is planned.
  const uint64_t before = engine_->hot_rows_scanned();
  EXPECT_EQ(Rows("SELECT count(*) FROM app.m WHERE id >= $1", {Value(int64_t{900})}).rows,
            (std::vector<Row>{{Value(int64_t{100})}}));
  EXPECT_LE(engine_->hot_rows_scanned() - before, 101u);
}

TEST_F(KeyRangeScanTest, TextKeysReadOnlyTheirRange) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.kv (k TEXT PRIMARY KEY, v INT)").error.ok());
  ASSERT_TRUE(Run("INSERT INTO app.kv SELECT 'k' || lpad(x::TEXT, 3, '0'), x FROM range(300) t(x)").error.ok());
  ExpectNarrow("SELECT k FROM app.kv WHERE k >= 'k050' AND k < 'k060' ORDER BY k",
               "SELECT k FROM app.kv WHERE k || '' >= 'k050' AND k || '' < 'k060' ORDER BY k", 11, 10);
  ExpectNarrow("SELECT k FROM app.kv WHERE k IN ('k001', 'zz', 'k299') ORDER BY k",
               "SELECT k FROM app.kv WHERE k || '' IN ('k001', 'zz', 'k299') ORDER BY k", 4, 2);
  ExpectNarrow("SELECT count(*) FROM app.kv WHERE k > 'k29'", "SELECT count(*) FROM app.kv WHERE k || '' > 'k29'", 11,
               1);
}

TEST_F(KeyRangeScanTest, FlushedRowsInTheRangeStillCount) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.m (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.m SELECT x, 'old' FROM range(1000) t(x)").error.ok());
  catalog::JobRecord job = Flush("app.m");
  ASSERT_EQ(job.status, JobStatus::kCompleted) << job.message;
  ASSERT_TRUE(Run("UPDATE app.m SET v = 'new' WHERE id IN (101, 102); DELETE FROM app.m WHERE id = 103; "
                  "INSERT INTO app.m VALUES (2000, 'hot')")
                  .error.ok());
  EXPECT_EQ(Rows("SELECT id, v FROM app.m WHERE id BETWEEN 100 AND 104 ORDER BY id").rows,
            (std::vector<Row>{{Value(int64_t{100}), Value("old")},
                              {Value(int64_t{101}), Value("new")},
                              {Value(int64_t{102}), Value("new")},
                              {Value(int64_t{104}), Value("old")}}));
  EXPECT_EQ(Rows("SELECT count(*) FROM app.m WHERE id > 998").rows, (std::vector<Row>{{Value(int64_t{2})}}));
}

}  // namespace
}  // namespace kalam::exec
