// INSERT … ON CONFLICT (exec/handlers/upsert_support.cc): PostgreSQL's upsert over the caller's
// rows, hot or flushed.
#include <atomic>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "exec/executor_fixture.h"

namespace kalam::exec {
namespace {

class UpsertTest : public ExecutorTest {
 protected:
  void SetUp() override {
    ExecutorTest::SetUp();
    ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT NOT NULL, n INT)")
                    .error.ok());
    session_.caller = User("alice");
  }
  Status Error(std::string_view sql) { return Run(sql).error; }
  static Row R(int64_t id, std::string v, std::optional<int64_t> n) {
    return Row{Value(id), Value(std::move(v)), n ? Value(*n) : Value()};
  }
};

TEST_F(UpsertTest, DoNothingSkipsKeysThatHoldALiveRow) {
  EXPECT_EQ(Message("INSERT INTO app.t VALUES (1, 'a', 1), (2, 'b', 2)"), "2 rows inserted.");
  EXPECT_EQ(Message("DELETE FROM app.t WHERE id = 2"), "1 row deleted.");
  // 1 is live (skipped), 2 was deleted (inserted), 3 is new, the second 3 meets the first.
  RowSet ret = Rows(
      "INSERT INTO app.t VALUES (1, 'x', 9), (2, 'y', 9), (3, 'z', 9), (3, 'again', 9) "
      "ON CONFLICT (id) DO NOTHING RETURNING id, v");
  EXPECT_EQ(ret.rows, (std::vector<Row>{{Value(int64_t{2}), Value("y")}, {Value(int64_t{3}), Value("z")}}));
  EXPECT_EQ(Rows("SELECT * FROM app.t ORDER BY id").rows, (std::vector<Row>{R(1, "a", 1), R(2, "y", 9), R(3, "z", 9)}));
  EXPECT_EQ(Message("INSERT INTO app.t VALUES (1, 'x', 0) ON CONFLICT DO NOTHING"), "0 rows inserted.");
  EXPECT_EQ(Message("INSERT INTO app.t VALUES (1, 'x', 0) ON CONFLICT ON CONSTRAINT t_pkey DO NOTHING"),
            "0 rows inserted.");
  // Another user's partition holds none of alice's keys.
  session_.caller = User("bob");
  EXPECT_EQ(Message("INSERT INTO app.t VALUES (1, 'bob', 0) ON CONFLICT DO NOTHING"), "1 row inserted.");
  EXPECT_EQ(Rows("SELECT v FROM app.t").rows, (std::vector<Row>{{Value("bob")}}));
  // INSERT … SELECT too.
  session_.caller = User("alice");
  EXPECT_EQ(Message("INSERT INTO app.t SELECT id + 2, 'sel', 0 FROM app.t ON CONFLICT DO NOTHING"),
            "2 rows inserted.");  // 3 (from 1) is live; 4 and 5 are new
  EXPECT_EQ(Rows("SELECT count(*) FROM app.t").rows[0][0], Value(int64_t{5}));
  // Without ON CONFLICT the same key is still an error.
  EXPECT_EQ(Error("INSERT INTO app.t VALUES (1, 'x', 0)").code(), ErrorCode::kUniqueViolation);
}

TEST_F(UpsertTest, DoUpdateUpdatesStoredRowsAndInsertsTheRest) {
  ASSERT_EQ(Message("INSERT INTO app.t VALUES (1, 'a', 10), (2, 'b', 20)"), "2 rows inserted.");
  // excluded.column alone (no engine), one update and one insert, in statement order.
  RowSet ret = Rows(
      "INSERT INTO app.t (id, v) VALUES (3, 'new'), (1, 'A') "
      "ON CONFLICT (id) DO UPDATE SET v = excluded.v RETURNING *");
  EXPECT_EQ(ret.rows, (std::vector<Row>{R(3, "new", std::nullopt), R(1, "A", 10)}));
  // Expressions over both rows, by the table's name and by an alias; a WHERE that is false for 2.
  EXPECT_EQ(Message("INSERT INTO app.t VALUES (1, 'x', 5), (2, 'y', 5) ON CONFLICT (id) DO UPDATE "
                    "SET n = t.n + excluded.n, v = t.v || excluded.v WHERE t.v <> 'b'"),
            "1 row inserted.");
  RowSet aliased = Rows(
      "INSERT INTO app.t AS d VALUES (3, 'z', 7) ON CONFLICT (id) DO UPDATE "
      "SET n = coalesce(d.n, 0) + $1 RETURNING n",
      {Value(int64_t{100})});
  EXPECT_EQ(aliased.rows, (std::vector<Row>{{Value(int64_t{100})}}));
  EXPECT_EQ(Rows("SELECT * FROM app.t ORDER BY id").rows,
            (std::vector<Row>{R(1, "Ax", 15), R(2, "b", 20), R(3, "new", 100)}));
  // A WHERE false for every row writes nothing; NULL counts as false.
  EXPECT_EQ(Message("INSERT INTO app.t VALUES (2, 'q', 0) ON CONFLICT (id) DO UPDATE SET v = 'q' WHERE t.n IS NULL"),
            "0 rows inserted.");
  EXPECT_EQ(Message("INSERT INTO app.t VALUES (2, 'q', 0) ON CONFLICT (id) DO UPDATE SET v = 'q' WHERE NULL"),
            "0 rows inserted.");
  // excluded.column of another type is assigned by the engine's rules (INT into TEXT).
  EXPECT_EQ(
      Rows("INSERT INTO app.t VALUES (2, 'b', 42) ON CONFLICT (id) DO UPDATE SET v = excluded.n RETURNING v").rows,
      (std::vector<Row>{{Value("42")}}));
  EXPECT_EQ(Rows("SELECT v FROM app.t WHERE id = 2").rows, (std::vector<Row>{{Value("42")}}));
  // Bob's same key is his own row.
  session_.caller = User("bob");
  EXPECT_EQ(Message("INSERT INTO app.t VALUES (1, 'bob', 1) ON CONFLICT (id) DO UPDATE SET v = excluded.v"),
            "1 row inserted.");
  session_.caller = User("alice");
  EXPECT_EQ(Rows("SELECT v FROM app.t WHERE id = 1").rows, (std::vector<Row>{{Value("Ax")}}));
}

TEST_F(UpsertTest, DoUpdateErrorsAreThoseOfPostgres) {
  ASSERT_EQ(Message("INSERT INTO app.t VALUES (1, 'a', 10)"), "1 row inserted.");
  auto expect = [&](std::string_view sql, ErrorCode code, std::string_view message) {
    Status error = Error(sql);
    EXPECT_EQ(error.code(), code) << sql << ": " << error.ToString();
    EXPECT_EQ(error.message(), message) << sql;
  };
  expect("INSERT INTO app.t VALUES (1, 'x', 1), (1, 'y', 2) ON CONFLICT (id) DO UPDATE SET v = excluded.v",
         ErrorCode::kCardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time");
  expect("INSERT INTO app.t VALUES (1, 'x', 1) ON CONFLICT (v) DO NOTHING", ErrorCode::kInvalidColumnReference,
         "there is no unique or exclusion constraint matching the ON CONFLICT specification");
  expect("INSERT INTO app.t VALUES (1, 'x', 1) ON CONFLICT (id, v) DO NOTHING", ErrorCode::kInvalidColumnReference,
         "there is no unique or exclusion constraint matching the ON CONFLICT specification");
  expect("INSERT INTO app.t VALUES (1, 'x', 1) ON CONFLICT (nope) DO NOTHING", ErrorCode::kColumnNotFound,
         "column \"nope\" does not exist");
  expect("INSERT INTO app.t VALUES (1, 'x', 1) ON CONFLICT ON CONSTRAINT other DO NOTHING",
         ErrorCode::kInvalidParameter, "constraint \"other\" for table \"t\" does not exist");
  expect("INSERT INTO app.t VALUES (1, 'x', 1) ON CONFLICT (id) DO UPDATE SET id = 2", ErrorCode::kFeatureNotSupported,
         "the primary key \"id\" cannot be updated: delete and insert the row");
  expect("INSERT INTO app.t VALUES (1, 'x', 1) ON CONFLICT (id) DO UPDATE SET nope = 2", ErrorCode::kColumnNotFound,
         "column \"nope\" of relation \"t\" does not exist");
  expect("INSERT INTO app.t VALUES (1, 'x', 1) ON CONFLICT (id) DO UPDATE SET v = NULL", ErrorCode::kNotNullViolation,
         "null value in column \"v\" of relation \"t\" violates not-null constraint");
  // A column both rows have must be qualified, as in PostgreSQL.
  expect("INSERT INTO app.t VALUES (1, 'x', 1) ON CONFLICT (id) DO UPDATE SET n = n + 1", ErrorCode::kAmbiguousColumn,
         "column reference \"n\" is ambiguous");
  EXPECT_EQ(Error("INSERT INTO app.t VALUES (1, 'x', 1) ON CONFLICT (id) DO UPDATE SET v = 'x' WHERE 1").code(),
            ErrorCode::kDatatypeMismatch);
  session_.caller = Root();
  ASSERT_TRUE(
      Run("CREATE STREAM TABLE app.s (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), v TEXT) WITH (TTL_SECONDS = 60)")
          .error.ok());
  session_.caller = User("alice");
  EXPECT_EQ(Error("INSERT INTO app.s (v) VALUES ('x') ON CONFLICT DO NOTHING").code(), ErrorCode::kFeatureNotSupported);
  // Nothing above changed the row.
  EXPECT_EQ(Rows("SELECT * FROM app.t").rows, (std::vector<Row>{R(1, "a", 10)}));
}

TEST_F(UpsertTest, UpsertsNeedTheWritePrivileges) {
  session_.caller = Root();
  ASSERT_TRUE(
      Run("CREATE SHARED TABLE app.pub (id BIGINT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL = 'public')").error.ok());
  ASSERT_EQ(Message("INSERT INTO app.pub VALUES (1, 'root')"), "1 row inserted.");
  session_.caller = User("alice");
  // A user may read a public SHARED table but not write it, upsert or not.
  EXPECT_EQ(Error("INSERT INTO app.pub VALUES (1, 'x') ON CONFLICT DO NOTHING").code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Error("INSERT INTO app.pub VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET v = excluded.v").code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Rows("SELECT v FROM app.pub").rows, (std::vector<Row>{{Value("root")}}));
}

TEST_F(UpsertTest, ManyRowsAreEvaluatedTogetherInOrder) {
  // Even keys exist; 1,500 proposed rows (more than one engine query's 1,000) mix updates with an
  // expression and a WHERE, and inserts.
  std::string existing;
  for (int i = 0; i < 1500; i += 2) existing += (existing.empty() ? "" : ", ") + fmt::format("({}, 'old{}', {})", i, i, i);
  ASSERT_EQ(Message("INSERT INTO app.t VALUES " + existing), "750 rows inserted.");
  std::string proposed;
  for (int i = 0; i < 1500; ++i) proposed += (proposed.empty() ? "" : ", ") + fmt::format("({}, 'new{}', 1)", i, i);
  EXPECT_EQ(Message("INSERT INTO app.t VALUES " + proposed +
                    " ON CONFLICT (id) DO UPDATE SET n = t.n * 10 + excluded.n, v = t.v || '+' || excluded.v "
                    "WHERE t.id % 4 = 0"),
            "1125 rows inserted.");  // 750 inserts + 375 updates
  const RowSet all = Rows("SELECT id, v, n FROM app.t ORDER BY id LIMIT 1000");
  ASSERT_EQ(all.rows.size(), 1000u);
  for (int64_t i = 0; i < 1000; ++i) {
    const Row expected = i % 2 == 1   ? R(i, fmt::format("new{}", i), 1)
                         : i % 4 == 0 ? R(i, fmt::format("old{}+new{}", i, i), i * 10 + 1)
                                      : R(i, fmt::format("old{}", i), i);
    ASSERT_EQ(all.rows[static_cast<size_t>(i)], expected) << i;
  }
  EXPECT_EQ(Rows("SELECT v, n FROM app.t WHERE id = 1496").rows,
            (std::vector<Row>{{Value("old1496+new1496"), Value(int64_t{14961})}}));
}

TEST_F(UpsertTest, FlushedRowsConflictLikeHotOnes) {
  ASSERT_EQ(Message("INSERT INTO app.t VALUES (1, 'a', 1), (2, 'b', 2)"), "2 rows inserted.");
  catalog::JobRecord job = Flush("app.t");
  ASSERT_EQ(job.status, JobStatus::kCompleted) << job.message;
  EXPECT_EQ(Message("INSERT INTO app.t VALUES (1, 'x', 0), (3, 'c', 3) ON CONFLICT DO NOTHING"), "1 row inserted.");
  EXPECT_EQ(Message("INSERT INTO app.t VALUES (2, 'y', 0) ON CONFLICT (id) DO UPDATE SET n = t.n * 10"),
            "1 row inserted.");
  EXPECT_EQ(Rows("SELECT * FROM app.t ORDER BY id").rows,
            (std::vector<Row>{R(1, "a", 1), R(2, "b", 20), R(3, "c", 3)}));
}

TEST_F(UpsertTest, ConcurrentUpsertsOfOneKeyAllSucceed) {
  // Each key is first inserted by one of the threads; the others lose that race, read again and
  // update it.
  constexpr int kThreads = 4;
  constexpr int kKeys = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      Session session;
      session.caller = User("alice");
      for (int k = 0; k < kKeys; ++k) {
        auto b = executor_->ExecuteBatch(
            "INSERT INTO app.t VALUES ($1, $2, 1) ON CONFLICT (id) DO UPDATE SET v = excluded.v",
            {Value(int64_t{k}), Value("w" + std::to_string(w))}, session);
        if (!b.error.ok()) {
          ADD_FAILURE() << b.error.ToString();
          failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Rows("SELECT count(*), count(DISTINCT id) FROM app.t").rows,
            (std::vector<Row>{{Value(int64_t{kKeys}), Value(int64_t{kKeys})}}));
}

}  // namespace
}  // namespace kalam::exec
