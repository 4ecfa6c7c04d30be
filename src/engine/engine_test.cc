#include "engine/engine.h"

#include "engine/engine_fixture.h"

namespace kalam::engine {
namespace {

class EngineTest : public EngineFixture {
 protected:
  Result<RowSet> Run(std::string_view sql, Role role = Role::kSystem, std::vector<Value> params = {},
                     int64_t max_rows = 1000) {
    QueryContext ctx;
    ctx.caller = Root(role);
    ctx.params = std::move(params);
    ctx.max_rows = max_rows;
    return engine_->Query(sql, ctx);
  }

};

TEST_F(EngineTest, SelectOne) {
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT 1 AS one"));
  ASSERT_EQ(r.columns.size(), 1u);
  EXPECT_EQ(r.columns[0].name, "one");
  EXPECT_EQ(r.columns[0].type.id, TypeId::kInt);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(r.rows[0][0]), 1);
}

TEST_F(EngineTest, ValueTypes) {
  ASSERT_OK_AND_ASSIGN(
      auto r, Run("SELECT 7241902381826048::BIGINT, 'hi', true, 1.5::DOUBLE, 1.5::DECIMAL(10,2), "
                  "TIMESTAMP '2026-11-27 05:10:47.123456', DATE '2026-11-27', TIME '05:10:47.123456', "
                  "'{\"a\":[1,2]}'::JSON, [1,2], {'k': 'v'}, '\\x01\\x02'::BLOB, "
                  "'0191d2a4-7c3e-7000-8000-000000000000'::UUID, NULL, sum(x) "
                  "FROM range(3) t(x)"));
  ASSERT_EQ(r.rows.size(), 1u);
  const Row& row = r.rows[0];
  EXPECT_EQ(r.columns[0].type.id, TypeId::kBigInt);
  EXPECT_EQ(std::get<int64_t>(row[0]), 7241902381826048LL);
  EXPECT_EQ(std::get<std::string>(row[1]), "hi");
  EXPECT_EQ(std::get<bool>(row[2]), true);
  EXPECT_EQ(std::get<double>(row[3]), 1.5);
  EXPECT_EQ(r.columns[4].type.ToString(), "DECIMAL(10,2)");
  EXPECT_EQ(std::get<std::string>(row[4]), "1.50");
  EXPECT_EQ(r.columns[5].type.id, TypeId::kTimestamp);
  EXPECT_EQ(std::get<int64_t>(row[5]), 1795756247123456LL);
  EXPECT_EQ(std::get<int64_t>(row[6]), 20784);
  EXPECT_EQ(std::get<int64_t>(row[7]), 18647123456LL);
  EXPECT_EQ(r.columns[8].type.id, TypeId::kJson);
  EXPECT_EQ(std::get<std::string>(row[8]), "{\"a\":[1,2]}");
  EXPECT_EQ(r.columns[9].type.id, TypeId::kJson);
  EXPECT_EQ(std::get<std::string>(row[9]), "[1,2]");
  EXPECT_EQ(std::get<std::string>(row[10]), "{\"k\":\"v\"}");
  EXPECT_EQ(r.columns[11].type.id, TypeId::kBytes);
  EXPECT_EQ(std::get<std::string>(row[11]), std::string("\x01\x02"));
  EXPECT_EQ(r.columns[12].type.id, TypeId::kUuid);
  EXPECT_EQ(std::get<std::string>(row[12]), "0191d2a4-7c3e-7000-8000-000000000000");
  EXPECT_TRUE(IsNull(row[13]));
  EXPECT_EQ(r.columns[14].type.ToString(), "DECIMAL(38,0)");
  EXPECT_EQ(std::get<std::string>(row[14]), "3");
}

TEST_F(EngineTest, Parameters) {
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT $1::INT + 1, $2 || '!', $3", Role::kSystem,
                                   {int64_t{41}, std::string("hey"), true}));
  EXPECT_EQ(std::get<int64_t>(r.rows[0][0]), 42);
  EXPECT_EQ(std::get<std::string>(r.rows[0][1]), "hey!");
  EXPECT_EQ(std::get<bool>(r.rows[0][2]), true);
}

TEST_F(EngineTest, QueriesThatPostgresUsersExpect) {
  ASSERT_OK_AND_ASSIGN(
      auto r, Run("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) "
                  "SELECT n, sum(n) OVER (ORDER BY n) AS running, "
                  "(SELECT count(*) FROM generate_series(1, n)) AS c FROM t ORDER BY n DESC LIMIT 2"));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(std::get<int64_t>(r.rows[0][0]), 5);
  EXPECT_EQ(std::get<std::string>(r.rows[0][1]), "15");
  EXPECT_EQ(std::get<int64_t>(r.rows[0][2]), 5);
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT '{\"a\":{\"b\":3}}'::JSON->'a'->>'b' AS v, now() IS NOT NULL"));
  EXPECT_EQ(std::get<std::string>(r.rows[0][0]), "3");
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT now() AS t, TIMESTAMPTZ '2026-11-27 05:10:47.123456+00', "
                              "'2026-11-27 05:10:47'::TIMESTAMP_S"));
  EXPECT_EQ(r.columns[0].type.id, TypeId::kTimestamp);
  EXPECT_GT(std::get<int64_t>(r.rows[0][0]), 1700000000000000LL);
  EXPECT_EQ(std::get<int64_t>(r.rows[0][1]), 1795756247123456LL);
  EXPECT_EQ(std::get<int64_t>(r.rows[0][2]), 1795756247000000LL);
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT x FROM unnest([3, 1, 2]) t(x) ORDER BY x"));
  ASSERT_EQ(r.rows.size(), 3u);
}

TEST_F(EngineTest, SystemNamespaces) {
  ASSERT_OK(catalog_->namespaces().Create(NamespaceId::Parse("app").value(), false));
  ASSERT_OK(catalog_->namespaces().Create(NamespaceId::Parse("chat").value(), false));
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT n.namespace_id, table_count FROM SYSTEM.Namespaces n "
                                   "WHERE namespace_id <> 'chat' ORDER BY 1"));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(r.rows[0][0]), "app");
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT * FROM system.namespaces"));
  ASSERT_EQ(r.columns.size(), 3u);
  EXPECT_EQ(r.columns[1].name, "created_at");
  EXPECT_EQ(std::get<int64_t>(r.rows[0][1]), 1795756247123456LL);
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT count(*) FROM system.namespaces a JOIN system.namespaces b "
                              "USING (namespace_id)"));
  EXPECT_EQ(std::get<int64_t>(r.rows[0][0]), 2);
  // Rows are read at every execution, not cached.
  ASSERT_OK(catalog_->namespaces().Create(NamespaceId::Parse("more").value(), false));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT count(*) FROM system.namespaces"));
  EXPECT_EQ(std::get<int64_t>(r.rows[0][0]), 3);
}

TEST_F(EngineTest, SystemTablesNeedDba) {
  auto r = Run("SELECT * FROM system.namespaces", Role::kUser);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(r.error().message(), "permission denied for table namespaces");
  ASSERT_OK(Run("SELECT * FROM system.namespaces", Role::kDba));
}

TEST_F(EngineTest, UnknownRelations) {
  auto r = Run("SELECT * FROM nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kTableNotFound);
  EXPECT_EQ(r.error().message(), "relation \"nope\" does not exist");
  EXPECT_EQ(r.error().position(), 15);
  EXPECT_ERROR_CODE(Run("SELECT * FROM system.nope"), ErrorCode::kTableNotFound);
  EXPECT_ERROR_CODE(Run("SELECT * FROM ghost.t"), ErrorCode::kNamespaceNotFound);
  ASSERT_OK(catalog_->namespaces().Create(NamespaceId::Parse("app").value(), false));
  EXPECT_ERROR_CODE(Run("SELECT * FROM app.t"), ErrorCode::kTableNotFound);
}

TEST_F(EngineTest, EngineErrorsAreMapped) {
  auto r = Run("SELECT * FRM system.namespaces");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(r.error().message(), "syntax error at or near \"system\"");
  EXPECT_EQ(r.error().position(), 14);
  r = Run("SELECT nope FROM range(1) t(x)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kColumnNotFound);
  EXPECT_EQ(r.error().message(), "column \"nope\" does not exist");
  EXPECT_ERROR_CODE(Run("SELECT 'abc'::INT"), ErrorCode::kInvalidTextRepresentation);
  EXPECT_ERROR_CODE(Run("SELECT * FROM range(100)", Role::kSystem, {}, 10),
                    ErrorCode::kProgramLimitExceeded);
}

}  // namespace
}  // namespace kalam::engine
