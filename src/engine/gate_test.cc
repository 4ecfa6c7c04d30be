// The gate: nothing but SELECTs over KalamDB tables reaches DuckDB (CONTRACT §3).
#include <gtest/gtest.h>

#include "engine/engine_fixture.h"

namespace kalam::engine {
namespace {

class GateTest : public EngineFixture {
 protected:
  GateTest() : EngineFixture(0, 1) {}
  Status Run(std::string_view sql) {
    QueryContext ctx;
    ctx.caller = Root();
    return engine_->Query(sql, ctx).status();
  }

};

TEST_F(GateTest, RefusesFileAndEngineAccess) {
  const char* refused[] = {
      "SELECT * FROM read_text('/etc/hostname')",
      "SELECT * FROM glob('*')",
      "SELECT * FROM query('SELECT 1')",
      "SELECT * FROM query_table('x')",
      "SELECT * FROM 'x.parquet'",
      "FROM 'data/storage/x.parquet'",
      "SELECT * FROM read_parquet('x.parquet')",
      "SELECT * FROM read_csv_auto('/etc/passwd')",
      "SELECT * FROM duckdb_tables()",
      "SELECT * FROM duckdb_settings()",
      "SELECT * FROM pragma_database_list()",
      "SELECT * FROM information_schema.views",
      "SELECT * FROM pg_catalog.pg_class",
      "SELECT * FROM main.x",
      "SELECT * FROM memory.main.x",
      "SELECT * FROM kalam_system('namespaces')",
      "SELECT current_setting('threads')",
      "SELECT main.current_setting('threads')",
      "SELECT other.abs(1)",
      "SELECT (SELECT count(*) FROM glob('/*'))",
      "SELECT 1 WHERE EXISTS (SELECT * FROM read_blob('/etc/hostname'))",
      "WITH x AS (SELECT * FROM read_text('/etc/hostname')) SELECT * FROM x",
      "SELECT * FROM range(3) r, LATERAL read_text('/etc/hostname')",
      "SELECT * FROM range(3) UNION ALL SELECT * FROM sniff_csv('/etc/passwd')",
      "INSERT INTO x VALUES (1)",
      "PIVOT (SELECT 1 AS a) ON a USING count(*)",
      "DESCRIBE SELECT 1",
  };
  for (const char* sql : refused) {
    Status s = Run(sql);
    EXPECT_EQ(s.code(), ErrorCode::kPermissionDenied) << sql << " → " << s.ToString();
  }
}

TEST_F(GateTest, HiddenSchemaIsNotANamespace) {
  EXPECT_FALSE(Run("SELECT * FROM \"kalam$system\".namespaces").ok());
}

TEST_F(GateTest, AllowsWhitelistedFunctionsAndCtes) {
  const char* allowed[] = {
      "SELECT * FROM range(3)",
      "SELECT * FROM generate_series(1, 3)",
      "SELECT * FROM unnest([1, 2])",
      "WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT * FROM b",
      "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(id, s)",
      "SELECT abs(-1), lower('A'), length('x'), md5('x')",
      "SELECT * FROM system.namespaces n1, (SELECT * FROM system.namespaces) n2",
  };
  for (const char* sql : allowed) {
    Status s = Run(sql);
    EXPECT_TRUE(s.ok()) << sql << " → " << s.ToString();
  }
}

TEST_F(GateTest, ConfigurationIsLockedEvenBehindTheGate) {
  // Defense in depth: the parser refuses SET; the engine would too.
  EXPECT_EQ(Run("SET threads = 1").code(), ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace kalam::engine
