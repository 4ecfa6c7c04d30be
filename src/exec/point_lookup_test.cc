// SELECT by primary key answered by one RocksDB read (engine/internal/point_query.cc) must return
// exactly what the full DuckDB path returns, for the caller's partition only.
#include <algorithm>

#include "exec/executor_fixture.h"

namespace kalam::exec {
namespace {

class PointLookupTest : public ExecutorTest {
 protected:
  uint64_t Lookups() const { return engine_->point_lookups(); }

  /// `fast` must take the point path, `slow` (same meaning) the planner, with equal answers.
  void ExpectSame(std::string_view fast, std::string_view slow, std::vector<Value> params = {}) {
    ExpectSameAnswer(fast, slow, params, [&] { return Lookups(); });
  }
};

TEST_F(PointLookupTest, EveryTypeReadsAsThroughTheEngine) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, b BOOLEAN, "
                  "s SMALLINT, i INT, r REAL, d DOUBLE, n DECIMAL(10,2), tx VARCHAR(20), ts TIMESTAMP, "
                  "dt DATE, tm TIME, j JSON, by BYTEA, u UUID, f FILE)")
                  .error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, true, -7, 42, 1.1, 2.25, 12345.67, 'héllo', "
                  "'2026-11-27 10:11:12.345678', '2026-11-27', '23:59:58.5', '{\"a\":[1,2]}', "
                  "'\\x00ff', '0190a8c0-0000-7000-8000-000000000001', '{\"file_id\":\"FI-1\",\"name\":\"x.png\"}'), (2, "
                  "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
                  .error.ok());
  ExpectSame("SELECT * FROM app.t WHERE id = 1", "SELECT * FROM app.t WHERE id = 1 AND true");
  ExpectSame("SELECT * FROM app.t WHERE id = 2", "SELECT * FROM app.t WHERE id = 2 AND true");
  ExpectSame("SELECT * FROM app.t WHERE 1 = id", "SELECT * FROM app.t WHERE id + 0 = 1");
  ExpectSame("SELECT u, tx AS label, id FROM app.t WHERE id = $1",
             "SELECT u, tx AS label, id FROM app.t WHERE id = $1 AND true", {Value(int64_t{1})});
  ExpectSame("SELECT * FROM app.t WHERE id = 3", "SELECT * FROM app.t WHERE id = 3 AND true");
  EXPECT_EQ(Rows("SELECT * FROM app.t WHERE id = 1").rows.size(), 1u);
}

TEST_F(PointLookupTest, OnlyTheCallersPartitionAndLiveRows) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.notes VALUES (1, 'alice-1'), (2, 'alice-2')").error.ok());
  session_.caller = User("bob");
  ASSERT_TRUE(Run("INSERT INTO app.notes VALUES (2, 'bob-2')").error.ok());
  uint64_t before = Lookups();
  EXPECT_TRUE(Rows("SELECT * FROM app.notes WHERE id = 1").rows.empty());
  RowSet bob = Rows("SELECT v FROM app.notes WHERE id = 2");
  ASSERT_EQ(bob.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(bob.rows[0][0]), "bob-2");
  EXPECT_EQ(Lookups(), before + 2);
  // DELETE … WHERE pk = value finds its row through the same path.
  ASSERT_TRUE(Run("DELETE FROM app.notes WHERE id = 2").error.ok());
  EXPECT_EQ(Lookups(), before + 3);
  EXPECT_TRUE(Rows("SELECT v FROM app.notes WHERE id = 2").rows.empty());
  EXPECT_EQ(Lookups(), before + 4);
  session_.caller = User("alice");
  EXPECT_EQ(std::get<std::string>(Rows("SELECT v FROM app.notes WHERE id = 2").rows.at(0).at(0)), "alice-2");
}

TEST_F(PointLookupTest, SharedTablesTextAndUuidKeysAndOldRows) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.kv (k TEXT PRIMARY KEY, v INT); "
                  "CREATE SHARED TABLE app.things (id UUID PRIMARY KEY, label TEXT); "
                  "INSERT INTO app.kv VALUES ('a', 1), ('b', 2); "
                  "INSERT INTO app.things VALUES ('0190a8c0-0000-7000-8000-00000000000a', 'ten'); "
                  "ALTER TABLE app.kv ADD COLUMN w TEXT DEFAULT 'old'")
                  .error.ok());
  ExpectSame("SELECT * FROM app.kv WHERE k = 'b'", "SELECT * FROM app.kv WHERE k = 'b' AND true");
  ExpectSame("SELECT * FROM app.kv WHERE k = $1", "SELECT * FROM app.kv WHERE k = $1 AND true",
             {Value(std::string("a"))});
  ExpectSame("SELECT label FROM app.things WHERE id = '0190a8c0-0000-7000-8000-00000000000a'",
             "SELECT label FROM app.things WHERE id = '0190a8c0-0000-7000-8000-00000000000a' AND true");
  EXPECT_EQ(std::get<std::string>(Rows("SELECT w FROM app.kv WHERE k = 'a'").rows.at(0).at(0)), "old");
  // With USE, unqualified names take the point path too.
  session_.current_namespace = NamespaceId::Parse("app").value();
  uint64_t before = Lookups();
  EXPECT_EQ(Rows("SELECT v FROM kv WHERE k = 'a'").rows.size(), 1u);
  EXPECT_EQ(Lookups(), before + 1);
}

TEST_F(PointLookupTest, AnythingElseTakesTheFullPathWithItsErrors) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT); "
                  "CREATE SHARED TABLE app.secret (id BIGINT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL='restricted'); "
                  "INSERT INTO app.t VALUES (1, 'one')")
                  .error.ok());
  uint64_t before = Lookups();
  // Casts, other columns, other case, other clauses: DuckDB decides, with the same rows.
  EXPECT_EQ(Rows("SELECT * FROM app.t WHERE id = '1'").rows.size(), 1u);
  EXPECT_EQ(Rows("SELECT * FROM app.t WHERE v = 'one'").rows.size(), 1u);
  EXPECT_EQ(Rows("SELECT V FROM app.t WHERE id = 1").rows.size(), 1u);
  EXPECT_EQ(Rows("SELECT * FROM app.t WHERE id = 1 LIMIT 1").rows.size(), 1u);
  EXPECT_EQ(Rows("SELECT _seq FROM app.t WHERE id = 1").rows.size(), 1u);
  EXPECT_EQ(Lookups(), before);
  EXPECT_EQ(Run("SELECT * FROM app.nope WHERE id = 1").error.code(), ErrorCode::kTableNotFound);
  EXPECT_EQ(Run("SELECT nope FROM app.t WHERE id = 1").error.code(), ErrorCode::kColumnNotFound);
  session_.caller = User("alice");
  EXPECT_EQ(Run("SELECT * FROM app.secret WHERE id = 1").error.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Lookups(), before);
}

TEST_F(PointLookupTest, LiteralKeysReuseTheParseOfTheFirstAndAnswerTheSame) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT); "
                  "CREATE SHARED TABLE app.kv (k TEXT PRIMARY KEY, v INT); "
                  "INSERT INTO app.kv VALUES ('x', 1), ('y', 2)")
                  .error.ok());
  const Caller root = session_.caller;
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'a1'), (2, 'a2'), (3, 'a3')").error.ok());
  session_.caller = User("bob");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (2, 'b2')").error.ok());
  session_.caller = User("alice");
  const uint64_t hits = engine_->point_template_hits();
  // The first text is parsed; the next ones differ only in the key and reuse its shape.
  ExpectSame("SELECT v FROM app.t WHERE id = 1", "SELECT v FROM app.t WHERE id = 1 AND true");
  EXPECT_EQ(engine_->point_template_hits(), hits);
  ExpectSame("SELECT v FROM app.t WHERE id = 2", "SELECT v FROM app.t WHERE id = 2 AND true");
  ExpectSame("SELECT v FROM app.t WHERE id = 3;", "SELECT v FROM app.t WHERE id = 3 AND true");
  ExpectSame("SELECT v FROM app.t WHERE id = 4", "SELECT v FROM app.t WHERE id = 4 AND true");  // none
  EXPECT_EQ(engine_->point_template_hits(), hits + 3);  // a final `;` changes nothing
  EXPECT_EQ(std::get<std::string>(Rows("SELECT v FROM app.t WHERE id = 2").rows.at(0).at(0)), "a2");
  session_.caller = User("bob");  // the caller still picks the partition
  EXPECT_EQ(std::get<std::string>(Rows("SELECT v FROM app.t WHERE id = 2").rows.at(0).at(0)), "b2");
  EXPECT_TRUE(Rows("SELECT v FROM app.t WHERE id = 1").rows.empty());
  session_.caller = root;
  ExpectSame("SELECT * FROM app.kv WHERE k = 'x'", "SELECT * FROM app.kv WHERE k = 'x' AND true");
  ExpectSame("SELECT * FROM app.kv WHERE k = 'y'", "SELECT * FROM app.kv WHERE k = 'y' AND true");
  ExpectSame("SELECT * FROM app.kv WHERE k = ''", "SELECT * FROM app.kv WHERE k = '' AND true");
  EXPECT_GE(engine_->point_template_hits(), hits + 6);
  session_.caller = User("alice");
  // Another kind of literal after the same prefix is parsed on its own, with DuckDB's casts.
  EXPECT_EQ(std::get<std::string>(Rows("SELECT v FROM app.t WHERE id = '3'").rows.at(0).at(0)), "a3");
  EXPECT_EQ(Run("SELECT v FROM app.t WHERE id = 'three'").error.code(), ErrorCode::kInvalidTextRepresentation);
  // A key beyond BIGINT is DuckDB's to answer (no row), not a template's.
  EXPECT_TRUE(Rows("SELECT v FROM app.t WHERE id = 99999999999999999999").rows.empty());
  // Deleted and updated keys read as the full path reads them.
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id = 1; UPDATE app.t SET v = 'A2' WHERE id = 2").error.ok());
  ExpectSame("SELECT v FROM app.t WHERE id = 1", "SELECT v FROM app.t WHERE id = 1 AND true");
  ExpectSame("SELECT v FROM app.t WHERE id = 2", "SELECT v FROM app.t WHERE id = 2 AND true");
  EXPECT_EQ(std::get<std::string>(Rows("SELECT v FROM app.t WHERE id = 2").rows.at(0).at(0)), "A2");
  // CLEAR CACHE forgets the templates too.
  session_.caller = root;
  ASSERT_TRUE(Run("CLEAR CACHE").error.ok());
  session_.caller = User("alice");
  const uint64_t cleared = engine_->point_template_hits();
  EXPECT_EQ(Rows("SELECT v FROM app.t WHERE id = 3").rows.size(), 1u);
  EXPECT_EQ(engine_->point_template_hits(), cleared);
}

TEST_F(PointLookupTest, TheHttpQuickPathUsesTemplatesForTheCallersPartitionOnly) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'a1'), (2, 'a2')").error.ok());
  session_.caller = User("bob");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (2, 'b2')").error.ok());
  auto quick = [&](std::string_view sql) -> RowSet {
    auto batch = executor_->TryExecuteQuick(sql, {}, session_);
    EXPECT_TRUE(batch.has_value()) << sql;
    if (!batch || !batch->error.ok() || !batch->results.at(0).rows) return {};
    return *batch->results.at(0).rows;
  };
  const uint64_t hits = engine_->point_template_hits();
  session_.caller = User("alice");
  EXPECT_EQ(quick("SELECT v FROM app.t WHERE id = 1").rows, (std::vector<Row>{{Value("a1")}}));
  EXPECT_EQ(quick("SELECT v FROM app.t WHERE id = 2").rows, (std::vector<Row>{{Value("a2")}}));
  session_.caller = User("bob");
  EXPECT_EQ(quick("SELECT v FROM app.t WHERE id = 2").rows, (std::vector<Row>{{Value("b2")}}));
  EXPECT_TRUE(quick("SELECT v FROM app.t WHERE id = 1").rows.empty());
  EXPECT_EQ(engine_->point_template_hits(), hits + 3);  // all but the first text
}

}  // namespace
}  // namespace kalam::exec

namespace kalam::exec {
namespace {

class UpdateByKeyTest : public PointLookupTest {
 protected:
  Status Error(std::string_view sql, std::vector<Value> params = {}) {
    return executor_->ExecuteBatch(sql, params, session_).error;
  }
};

TEST_F(UpdateByKeyTest, UpdateByPrimaryKeyReadsTheRowByKeyAndComputesOnItAlone) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT NOT NULL, "
                  "n INT, ts TIMESTAMP, d DECIMAL(10,2), j JSON, u UUID)")
                  .error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'a', 1, '2026-11-27 10:00:00', 1.25, '{\"k\":1}', "
                  "'0190a8c0-0000-7000-8000-000000000001'), (2, 'b', 2, NULL, NULL, NULL, NULL)")
                  .error.ok());
  uint64_t before = Lookups();
  uint64_t scans = engine_->table_scans();
  ASSERT_TRUE(Error("UPDATE app.t SET v = v || '!', n = n * 10, ts = ts + INTERVAL 1 DAY, d = d * 2 WHERE id = 1").ok());
  EXPECT_EQ(Lookups(), before + 1) << "the row was not read by its key";
  EXPECT_EQ(engine_->table_scans(), scans) << "the table was scanned";
  EXPECT_EQ(Rows("SELECT v, n, CAST(ts AS TEXT), CAST(d AS TEXT), j, u FROM app.t WHERE id = 1 AND true").rows,
            (std::vector<Row>{{Value("a!"), Value(int64_t{10}), Value("2026-11-28 10:00:00"), Value("2.50"),
                               Value("{\"k\":1}"), Value("0190a8c0-0000-7000-8000-000000000001")}}));
  // Qualified by the table's name, parameters (used or not by the SET list), subqueries over the
  // table itself.
  scans = engine_->table_scans();
  ASSERT_TRUE(Error("UPDATE app.t SET v = t.v || $2 WHERE id = $1", {Value(int64_t{2}), Value("?")}).ok());
  ASSERT_TRUE(Error("UPDATE app.t SET v = v WHERE id = $1", {Value(int64_t{2})}).ok());
  EXPECT_EQ(engine_->table_scans(), scans) << "the table was scanned";
  ASSERT_TRUE(Error("UPDATE app.t SET n = (SELECT max(n) FROM app.t) + id WHERE id = 2").ok());
  EXPECT_EQ(Rows("SELECT v, n FROM app.t WHERE id = 2 AND true").rows,
            (std::vector<Row>{{Value("b?"), Value(int64_t{12})}}));
  // No such key: nothing updated; other users' rows are not reachable.
  EXPECT_EQ(Run("UPDATE app.t SET v = 'x' WHERE id = 3").results.at(0).row_count, 0);
  session_.caller = User("bob");
  EXPECT_EQ(Run("UPDATE app.t SET v = 'x' WHERE id = 1").results.at(0).row_count, 0);
  session_.caller = User("alice");
  // Errors read as before: NOT NULL, a bad cast, an unknown column.
  EXPECT_EQ(Error("UPDATE app.t SET v = NULL WHERE id = 1").code(), ErrorCode::kNotNullViolation);
  Status bad_cast = Error("UPDATE app.t SET n = CAST(v AS INT) WHERE id = 1");
  EXPECT_FALSE(bad_cast.ok());
  EXPECT_NE(bad_cast.message().find("a!"), std::string::npos) << bad_cast.ToString();
  EXPECT_EQ(Error("UPDATE app.t SET n = nope + 1 WHERE id = 1").code(), ErrorCode::kColumnNotFound);
  EXPECT_EQ(Rows("SELECT v, n FROM app.t WHERE id = 1 AND true").rows,
            (std::vector<Row>{{Value("a!"), Value(int64_t{10})}}));
}

TEST_F(PointLookupTest, InListsAreOneBatchedReadInKeyOrder) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT); "
                  "CREATE SHARED TABLE app.kv (k TEXT PRIMARY KEY, v INT) WITH (ACCESS_LEVEL='public'); "
                  "CREATE SHARED TABLE app.u (id UUID PRIMARY KEY, v INT) WITH (ACCESS_LEVEL='public')")
                  .error.ok());
  ASSERT_TRUE(Run("INSERT INTO app.kv VALUES ('a', 1), ('b', 2), ('c', 3); "
                  "INSERT INTO app.u VALUES ('0190a8c0-0000-7000-8000-000000000001', 1), "
                  "('0190a8c0-0000-7000-8000-000000000002', 2)")
                  .error.ok());
  session_.caller = User("bob");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, 'bob' FROM range(20) t(g)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, 'v' || g FROM range(-5, 100) t(g); DELETE FROM app.t WHERE id = 7")
                  .error.ok());
  // Duplicates, missing and deleted keys, negative keys, any order; bob's rows never.
  ExpectSame("SELECT * FROM app.t WHERE id IN (50, 3, 7, 3, -5, 1000, 99)",
             "SELECT * FROM app.t WHERE id IN (50, 3, 7, 3, -5, 1000, 99) AND true");
  ExpectSame("SELECT v AS label FROM app.t WHERE id IN ($1, $2, 4)",
             "SELECT v AS label FROM app.t WHERE id IN ($1, $2, 4) AND true", {Value(int64_t{9}), Value(int64_t{1})});
  ExpectSame("SELECT * FROM app.t WHERE id IN (200, 300)", "SELECT * FROM app.t WHERE id IN (200, 300) AND true");
  ExpectSame("SELECT * FROM app.kv WHERE k IN ('c', 'zz', 'a')", "SELECT * FROM app.kv WHERE k IN ('c', 'zz', 'a') AND true");
  ExpectSame("SELECT * FROM app.u WHERE id IN ($1, '0190a8c0-0000-7000-8000-000000000001')",
             "SELECT * FROM app.u WHERE id IN ($1, '0190a8c0-0000-7000-8000-000000000001') AND true",
             {Value("0190a8c0-0000-7000-8000-000000000002")});
  EXPECT_EQ(Rows("SELECT id FROM app.t WHERE id IN (5, 3, 4)").rows,
            (std::vector<Row>{{Value(int64_t{3})}, {Value(int64_t{4})}, {Value(int64_t{5})}}));
  // Not of the key's kind, NOT IN, or too long a list: the planner answers.
  const uint64_t before = Lookups();
  EXPECT_EQ(Rows("SELECT id FROM app.t WHERE id IN ('3', 4)").rows.size(), 2u);
  EXPECT_EQ(Rows("SELECT id FROM app.t WHERE id NOT IN (3, 4)").rows.size(), 102u);
  std::string many = "SELECT count(*) FROM app.t WHERE id IN (0";
  for (int i = 1; i <= 1000; ++i) many += ", " + std::to_string(i);
  EXPECT_EQ(Rows(many + ")").rows, (std::vector<Row>{{Value(int64_t{99})}}));
  EXPECT_EQ(Lookups(), before);
  // DELETE … WHERE pk IN (…) reads its rows the same way.
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id IN (1, 2, 3)").error.ok());
  EXPECT_EQ(Lookups(), before + 1);
  EXPECT_EQ(Rows("SELECT count(*) FROM app.t WHERE id < 5").rows, (std::vector<Row>{{Value(int64_t{7})}}));
}

TEST_F(PointLookupTest, InListsWithFlushedKeysTakeThePlanner) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, 'cold' FROM range(10) t(g)").error.ok());
  ASSERT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (10, 'hot'), (11, 'hot'); DELETE FROM app.t WHERE id = 2; "
                  "UPDATE app.t SET v = 'again' WHERE id = 3")
                  .error.ok());
  // Hot keys, and a flushed key whose deletion or update is hot: the batched read answers.
  ExpectSame("SELECT * FROM app.t WHERE id IN (10, 2, 11, 3, 50)", "SELECT * FROM app.t WHERE id IN (10, 2, 11, 3, 50) AND true");
  // A live row only in Parquet: the planner reads it.
  const uint64_t before = Lookups();
  std::vector<Row> rows = Rows("SELECT id, v FROM app.t WHERE id IN (11, 4)").rows;
  std::sort(rows.begin(), rows.end());  // no ORDER BY: hot rows come before flushed ones
  EXPECT_EQ(rows, (std::vector<Row>{{Value(int64_t{4}), Value("cold")}, {Value(int64_t{11}), Value("hot")}}));
  EXPECT_EQ(Lookups(), before);
}

}  // namespace
}  // namespace kalam::exec
