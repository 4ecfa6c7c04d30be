#include "engine/engine.h"

#include "engine/engine_fixture.h"
#include "engine/internal/pre_parse.h"
#include "engine/internal/json_containment.h"

namespace kalam::engine {
namespace {

class EngineTest : public EngineFixture {
 protected:
  Result<RowSet> Run(std::string_view sql, Role role = Role::kSystem, std::vector<Value> params = {},
                     int64_t max_rows = 1000) {
    return Query(sql, role, std::move(params), max_rows);
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

TEST_F(EngineTest, ArrayParametersBindAsInPostgres) {
  // A JSON array arrives as its text; where the statement unnests the parameter it is an array.
  const std::string from = " FROM (VALUES (1::BIGINT, 'a'), (2, 'b'), (3, 'c')) t(id, s)";
  auto ids = [&](const std::string& sql, std::vector<Value> params) {
    auto r = Run("SELECT id" + from + " WHERE " + sql + " ORDER BY id", Role::kSystem, std::move(params));
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    std::vector<int64_t> out;
    if (r.ok()) {
      for (const Row& row : r->rows) out.push_back(std::get<int64_t>(row[0]));
    }
    return out;
  };
  EXPECT_EQ(ids("id = ANY($1)", {std::string("[1,3]")}), (std::vector<int64_t>{1, 3}));
  // BIGINT ids as the JSON strings KalamDB answers them with.
  EXPECT_EQ(ids("id = ANY($1)", {std::string("[\"2\",\"3\"]")}), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(ids("s = ANY($1)", {std::string("[\"a\",null]")}), (std::vector<int64_t>{1}));
  EXPECT_EQ(ids("id <> ALL($1)", {std::string("[1]")}), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(ids("id = ANY($1)", {std::string("[]")}), (std::vector<int64_t>{}));
  EXPECT_EQ(ids("NOT id = ANY($1)", {std::string("[]")}), (std::vector<int64_t>{1, 2, 3}));
  // Other parameters keep their numbers, before and after.
  EXPECT_EQ(ids("s <> $1 AND id = ANY($2) AND id < $3", {std::string("a"), std::string("[1,2,3]"), int64_t{3}}),
            (std::vector<int64_t>{2}));
  EXPECT_EQ(ids("id IN (SELECT unnest($1))", {std::string("[2]")}), (std::vector<int64_t>{2}));
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT * FROM unnest($1) u(x)", Role::kSystem, {std::string("[1.5,2]")}));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(1.5)}, {Value(2.0)}}));
  // A JSON array elsewhere is still its text.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT $1 AS j, id FROM (SELECT 1 AS id) t WHERE id = ANY($2)", Role::kSystem,
                              {std::string("[1]"), std::string("[1]")}));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("[1]"), Value(int32_t{1})}}));
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
  EXPECT_EQ(std::get<int64_t>(r.rows[0][0]), 1795756247123456LL);  // the fixture's clock
  EXPECT_EQ(std::get<int64_t>(r.rows[0][1]), 1795756247123456LL);
  EXPECT_EQ(std::get<int64_t>(r.rows[0][2]), 1795756247000000LL);
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT x FROM unnest([3, 1, 2]) t(x) ORDER BY x"));
  ASSERT_EQ(r.rows.size(), 3u);
}

TEST_F(EngineTest, NowIsTheStatementsInstant) {
  // The fixture's clock: 2026-11-27 05:10:47.123456 UTC. Every spelling answers it, rounded to the
  // written precision; none is DuckDB's transaction time.
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT now(), current_timestamp, transaction_timestamp(), statement_timestamp(), "
                                   "localtimestamp, current_timestamp(3), localtimestamp(0), current_date, today(), "
                                   "localtime, current_time(2)::TEXT"));
  const std::vector<std::string> names = {"now", "current_timestamp", "transaction_timestamp", "statement_timestamp",
                                          "localtimestamp", "current_timestamp", "localtimestamp", "current_date",
                                          "today", "localtime", "current_time"};
  ASSERT_EQ(r.columns.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(r.columns[i].name, names[i]) << i;
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(r.rows[0][i], Value(int64_t{1795756247123456LL})) << i;
  EXPECT_EQ(r.rows[0][5], Value(int64_t{1795756247123000LL}));
  EXPECT_EQ(r.rows[0][6], Value(int64_t{1795756247000000LL}));
  EXPECT_EQ(r.rows[0][7], Value(int64_t{20784}));  // days since 1970-01-01
  EXPECT_EQ(r.rows[0][8], Value(int64_t{20784}));
  EXPECT_EQ(r.rows[0][9], Value(int64_t{(5 * 3600 + 10 * 60 + 47) * 1000000LL + 123456}));
  EXPECT_EQ(r.rows[0][10], Value("05:10:47.12+00"));
  // Inside a table function's arguments and expressions too.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT count(*), max(d)::DATE = current_date FROM generate_series(current_date - 2, "
                              "current_date, INTERVAL 1 DAY) t(d) WHERE d > now() - INTERVAL 3 DAY"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{3}), Value(true)}}));
  // A quoted "current_date" is a column.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT \"current_date\" FROM (VALUES (7)) t(\"current_date\")"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{7})}}));
  // The caller's statement instant, when given (INSERT stamps its defaults with the same one).
  QueryContext ctx;
  ctx.caller = Root();
  ctx.statement_time_us = 1700000000000001LL;
  ASSERT_OK_AND_ASSIGN(r, engine_->Query("SELECT now(), now() - INTERVAL 1 SECOND", ctx));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{1700000000000001LL}), Value(int64_t{1699999999000001LL})}}));
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
  EXPECT_ERROR_CODE(Run("SELECT * FROM range(100)", Role::kSystem, {}, 10),
                    ErrorCode::kProgramLimitExceeded);
}

TEST_F(EngineTest, EngineErrorsUsePostgresWording) {
  struct Case {
    const char* sql;
    ErrorCode code;
    const char* message;
  };
  const Case cases[] = {
      {"SELECT x", ErrorCode::kColumnNotFound, "column \"x\" does not exist"},
      // (DuckDB also tries `->` there as a lambda, and reported that first.)
      {"SELECT json_array_length(nope->'k') FROM range(1)", ErrorCode::kColumnNotFound,
       "column \"nope\" does not exist"},
      {"SELECT 'abc'::INT", ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type integer: \"abc\""},
      {"SELECT 'abc'::BIGINT", ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type bigint: \"abc\""},
      {"SELECT '1.5x'::DECIMAL(10,2)", ErrorCode::kInvalidTextRepresentation,
       "invalid input syntax for type numeric: \"1.5x\""},
      {"SELECT 'zz'::UUID", ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type uuid: \"zz\""},
      {"SELECT 'x'::DATE", ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type date: \"x\""},
      {"SELECT 'x'::TIMESTAMP", ErrorCode::kInvalidTextRepresentation,
       "invalid input syntax for type timestamp: \"x\""},
      {"SELECT nosuchfn(1)", ErrorCode::kUndefinedFunction, "function nosuchfn does not exist"},
      {"SELECT nosuchagg(x) FROM range(3) t(x)", ErrorCode::kUndefinedFunction, "function nosuchagg does not exist"},
      {"SELECT y, count(*) FROM range(3) t(y)", ErrorCode::kGroupingError,
       "column \"y\" must appear in the GROUP BY clause or be used in an aggregate function"},
      {"SELECT x FROM range(2) a(x), range(2) b(x)", ErrorCode::kAmbiguousColumn,
       "column reference \"x\" is ambiguous"},
      {"SELECT * FROM range(2) FOR UPDATE", ErrorCode::kFeatureNotSupported,
       "SELECT … FOR UPDATE/SHARE is not supported: there are no transactions, every statement commits on its own"},
  };
  // Expressions nested past the engine's limits (its advice, SET max_expression_depth, is no
  // caller's to follow).
  const std::string deep_sum = "SELECT 1" + [] { std::string s; for (int i = 0; i < 2000; ++i) s += " + 1"; return s; }();
  const std::string deep_parens = "SELECT " + std::string(20000, '(') + "1" + std::string(20000, ')');
  for (const std::string& sql : {deep_sum, deep_parens}) {
    auto r = Run(sql);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kProgramLimitExceeded);
    EXPECT_EQ(r.error().message(), "statement too complex: expressions nested too deeply");
  }
  for (const Case& c : cases) {
    auto r = Run(c.sql);
    ASSERT_FALSE(r.ok()) << c.sql;
    EXPECT_EQ(r.error().code(), c.code) << c.sql;
    EXPECT_EQ(r.error().message(), c.message) << c.sql;
  }
}

std::vector<std::string> NamesOf(const RowSet& r) {
  std::vector<std::string> names;
  for (const auto& c : r.columns) names.push_back(c.name);
  return names;
}

TEST_F(EngineTest, UnnamedColumnsAreNamedAsPostgresNamesThem) {
  ASSERT_OK_AND_ASSIGN(
      auto r, Run("SELECT count(*), sum(x), max(x) AS biggest, x, t.x, lower('A'), x::TEXT, '1'::INT, 1 + 1, "
                  "CASE WHEN x > 0 THEN 1 END, coalesce(NULL, x), DATE '2026-11-27', (SELECT min(y) FROM range(2) "
                  "u(y)), EXISTS (SELECT 1), row_number() OVER (), x > 1, $1, ARRAY[1, 2], 'lit' "
                  "FROM range(3) t(x) GROUP BY x ORDER BY count(*), x LIMIT 1",
                  Role::kSystem, {int64_t{1}}));
  EXPECT_EQ(NamesOf(r), (std::vector<std::string>{"count", "sum", "biggest", "x", "x", "lower", "x", "int4",
                                                  "?column?", "case", "coalesce", "date", "min", "exists",
                                                  "row_number", "?column?", "?column?", "array", "?column?"}));
  // Through a subquery in FROM, a CTE and a UNION (named by its first SELECT) too, and an output
  // name can be ordered by.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT * FROM (SELECT x % 2, count(*) FROM range(5) t(x) GROUP BY 1) s "
                              "ORDER BY count DESC"));
  EXPECT_EQ(NamesOf(r), (std::vector<std::string>{"?column?", "count"}));
  EXPECT_EQ(std::get<int64_t>(r.rows[0][1]), 3);
  ASSERT_OK_AND_ASSIGN(r, Run("WITH c AS (SELECT count(*) FROM range(4)) SELECT count FROM c"));
  EXPECT_EQ(std::get<int64_t>(r.rows[0][0]), 4);
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT sum(x) FROM range(3) t(x) UNION ALL SELECT 1 AS one"));
  EXPECT_EQ(NamesOf(r), (std::vector<std::string>{"sum"}));
  // A name that is also a column of FROM still means the column in WHERE and GROUP BY.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT x + 10 AS y, sum(x) FROM range(3) t(x) WHERE x >= 1 GROUP BY x ORDER BY x"));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT max(x) FROM range(3) t(x) WHERE x < 2"));
  EXPECT_EQ(NamesOf(r), (std::vector<std::string>{"max"}));
  EXPECT_EQ(std::get<int64_t>(r.rows[0][0]), 1);
}

TEST_F(EngineTest, CurrentUserIsTheCaller) {
  QueryContext ctx;
  ctx.caller = Caller{UserId("alice"), Role::kUser, "127.0.0.1"};
  ctx.max_rows = 10;
  const std::string sql =
      "SELECT current_user, CURRENT_USER(), session_user, current_role, upper(current_user) AS shout "
      "FROM range(1) WHERE current_user = 'alice'";
  ASSERT_OK_AND_ASSIGN(auto r, engine_->Query(sql, ctx));
  EXPECT_EQ(NamesOf(r), (std::vector<std::string>{"current_user", "current_user", "session_user", "current_role",
                                                  "shout"}));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0], (Row{std::string("alice"), std::string("alice"), std::string("alice"), std::string("alice"),
                            std::string("ALICE")}));
  // The parse is cached and shared: the next caller gets their own name.
  ctx.caller.username = UserId("bob");
  ASSERT_OK_AND_ASSIGN(r, engine_->Query("SELECT current_user", ctx));
  EXPECT_EQ(std::get<std::string>(r.rows[0][0]), "bob");
  ASSERT_OK_AND_ASSIGN(r, engine_->Query(sql, ctx));
  EXPECT_TRUE(r.rows.empty());
}

TEST_F(EngineTest, JsonbCastsAreJson) {
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT '{\"a\":1}'::jsonb ->> 'a', '{\"a\":[1,2]}'::JSONB, "
                                   "CAST('[1]' AS jsonb) -> 0, (SELECT '{\"b\":2}'::jsonb) ->> 'b'"));
  EXPECT_EQ(NamesOf(r), (std::vector<std::string>{"?column?", "jsonb", "?column?", "?column?"}));
  EXPECT_EQ(r.columns[1].type.id, TypeId::kJson);
  EXPECT_EQ(r.rows[0], (Row{std::string("1"), std::string("{\"a\":[1,2]}"), std::string("1"), std::string("2")}));
}

TEST_F(EngineTest, IntegersDivideAsInPostgres) {
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT 7 / 2, -7 / 2, 7.0 / 2, 7 / 2.0, 7::DOUBLE / 2"));
  EXPECT_EQ(std::get<int64_t>(r.rows[0][0]), 3);
  EXPECT_EQ(std::get<int64_t>(r.rows[0][1]), -3);
  EXPECT_EQ(r.columns[0].type.id, TypeId::kInt);
  for (size_t c : {2, 3, 4}) EXPECT_EQ(std::get<double>(r.rows[0][c]), 3.5) << c;
}

TEST_F(EngineTest, RegexOperatorsMatchAsInPostgres) {
  // `~` finds a match anywhere (DuckDB's own `~` must match the whole text); `~*` ignores case.
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT 'hello' ~ 'ell', 'hello' ~ '^ell', 'hello' !~ 'ell', 'hello' ~* 'ELL', "
                                   "'hello' !~* 'ELL', 'hello' ~* 'x' AS m, regexp_full_match('hello', 'ell'), "
                                   "'hello' SIMILAR TO 'h%'"));
  const std::vector<Value> expected = {Value(true), Value(false), Value(false), Value(true),
                                       Value(false), Value(false), Value(false), Value(true)};
  EXPECT_EQ(r.rows[0], expected);
  std::vector<std::string> names;
  for (const auto& c : r.columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"?column?", "?column?", "?column?", "?column?", "?column?", "m",
                                             "regexp_full_match", "?column?"}));
  // SIMILAR TO is SQL's pattern, as in PostgreSQL: % and _ are wildcards, a dot is a dot.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT 'hello' SIMILAR TO 'h.*', 'a.c' SIMILAR TO 'a.c', 'abc' SIMILAR TO 'a.c', "
                              "'abc' SIMILAR TO '(a|x)_c', 'ab' SIMILAR TO 'a[_%]', 'a%' SIMILAR TO 'a[_%]', "
                              "'a$' SIMILAR TO 'a$', 'abc' NOT SIMILAR TO 'a%', '1+1' SIMILAR TO '1\\+1', "
                              "NOT ('abc' SIMILAR TO 'a%'), 'x' NOT  SIMILAR TO 'y'"));
  EXPECT_EQ(r.rows[0], (std::vector<Value>{Value(false), Value(true), Value(false), Value(true), Value(false),
                                           Value(true), Value(true), Value(false), Value(true), Value(false),
                                           Value(true)}));
  // In WHERE, subqueries and CTEs too.
  ASSERT_OK_AND_ASSIGN(r, Run("WITH w AS (SELECT s FROM (VALUES ('chat'), ('match'), ('x')) v(s) WHERE s ~ 'at') "
                              "SELECT s FROM w WHERE s IN (SELECT s FROM w WHERE s !~* '^M') ORDER BY s"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("chat")}}));
}

TEST_F(EngineTest, PostgresJsonFunctionsWork) {
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT jsonb_build_object('a', 1, 'b', 'x'), json_build_array(1, 'y'), "
                                   "to_jsonb('s'::TEXT), jsonb_typeof('{\"a\":1}'::jsonb) AS t, "
                                   "json_typeof('[1]'), jsonb_array_length('[1,2,3]')"));
  std::vector<std::string> names;
  for (const auto& c : r.columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"jsonb_build_object", "json_build_array", "to_jsonb", "t", "json_typeof",
                                             "jsonb_array_length"}));
  EXPECT_EQ(r.rows[0][0], Value("{\"a\":1,\"b\":\"x\"}"));
  EXPECT_EQ(r.rows[0][1], Value("[1,\"y\"]"));
  EXPECT_EQ(r.rows[0][2], Value("\"s\""));
  EXPECT_EQ(r.rows[0][3], Value("object"));
  EXPECT_EQ(r.rows[0][4], Value("array"));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT jsonb_agg(x ORDER BY x DESC), json_object_agg(x::TEXT, x * 2) FROM range(3) t(x) "
                              "WHERE x IN (SELECT json_array_length(json_agg(y)) FROM range(2) u(y))"));
  EXPECT_EQ(r.columns[0].name, "jsonb_agg");
  EXPECT_EQ(r.rows[0][0], Value("[2]"));
  EXPECT_EQ(r.rows[0][1], Value("{\"2\":4}"));
  // As window functions (aggregates over a window) too.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT x, json_agg(x) OVER (ORDER BY x), jsonb_agg(x) OVER (), "
                              "every(x < 2) OVER () FROM range(3) t(x) ORDER BY x"));
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.columns[1].name, "json_agg");
  EXPECT_EQ(r.rows[1][1], Value("[0,1]"));
  EXPECT_EQ(r.rows[1][2], Value("[0,1,2]"));
  EXPECT_EQ(r.rows[1][3], Value(false));
}

TEST_F(EngineTest, DivisionByZeroIsAnErrorAsInPostgres) {
  // DuckDB answers NULL (integers) or NULL/inf (floats); PostgreSQL raises 22012 for every number.
  for (const char* sql : {"SELECT 1 / 0", "SELECT 1.5 / 0", "SELECT 1::REAL / 0", "SELECT 1::DOUBLE / -0.0",
                          "SELECT 7 % 0", "SELECT mod(7, 0)", "SELECT 10::DECIMAL(10,2) / 0.00",
                          "SELECT 10 / x FROM range(3) t(x)", "SELECT x FROM range(3) t(x) WHERE 10 % x > 1",
                          "SELECT (SELECT sum(x) / min(x) FROM range(3) t(x))",
                          "WITH c AS (SELECT 1 / (x - 2) AS q FROM range(3) t(x)) SELECT * FROM c"}) {
    auto r = Run(sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_EQ(r.error().code(), ErrorCode::kDivisionByZero) << sql;
    EXPECT_EQ(r.error().message(), "division by zero") << sql;
  }
  // An interval divides as in PostgreSQL (`/` is integer division otherwise), and not by zero.
  ASSERT_OK_AND_ASSIGN(auto iv, Run("SELECT (INTERVAL '1 day' / 2)::TEXT, (INTERVAL '3 hours' / x)::TEXT, "
                                    "(INTERVAL '1 hour' / 0.5)::TEXT FROM range(3, 4) t(x)"));
  EXPECT_EQ(iv.rows[0], (Row{Value("12:00:00"), Value("01:00:00"), Value("02:00:00")}));
  auto by_zero = Run("SELECT INTERVAL '1 day' / x FROM range(1) t(x)");
  ASSERT_FALSE(by_zero.ok());
  EXPECT_EQ(by_zero.error().code(), ErrorCode::kDivisionByZero);
  // Divisions that never meet a zero, or are kept from it, answer as before.
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT 7 / 2, 7 % 3, 10 / NULLIF(x, 0), CASE WHEN x = 0 THEN -1 ELSE 10 / x END, "
                                   "10 / NULL::INT, x / 2 FROM range(3) t(x) ORDER BY x"));
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.columns[0].name, "?column?");
  EXPECT_EQ(r.columns[0].type.id, TypeId::kInt);
  EXPECT_EQ(r.rows[0][0], Value(int32_t{3}));
  EXPECT_EQ(r.rows[0][1], Value(int32_t{1}));
  EXPECT_TRUE(IsNull(r.rows[0][2]));
  EXPECT_EQ(r.rows[2][2], Value(int64_t{5}));
  EXPECT_EQ(r.rows[0][3], Value(int64_t{-1}));
  EXPECT_EQ(r.rows[1][3], Value(int64_t{10}));
  EXPECT_TRUE(IsNull(r.rows[0][4]));
  EXPECT_EQ(r.rows[2][5], Value(int64_t{1}));
}

TEST_F(EngineTest, DateFunctionsAnswerAsInPostgres) {
  // date_trunc is a TIMESTAMP for every part (DuckDB answers a DATE from `day` up).
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT date_trunc('hour', TIMESTAMP '2026-03-04 05:06:07'), "
                                   "date_trunc('day', TIMESTAMP '2026-03-04 05:06:07') AS d, "
                                   "date_trunc('month', DATE '2026-03-04'), "
                                   "date_trunc('day', TIMESTAMPTZ '2026-03-04 02:00:00+00')"));
  EXPECT_EQ(r.columns[0].name, "date_trunc");
  EXPECT_EQ(r.columns[1].name, "d");
  for (const auto& c : r.columns) EXPECT_EQ(c.type.id, TypeId::kTimestamp) << c.name;
  ASSERT_OK_AND_ASSIGN(auto text, Run("SELECT date_trunc('hour', TIMESTAMP '2026-03-04 05:06:07')::TEXT, "
                                      "date_trunc('day', TIMESTAMP '2026-03-04 05:06:07')::TEXT, "
                                      "date_trunc('month', DATE '2026-03-04')::TEXT, "
                                      "date_trunc('day', TIMESTAMPTZ '2026-03-04 02:00:00+00')::TEXT"));
  EXPECT_EQ(text.rows[0], (Row{Value("2026-03-04 05:00:00"), Value("2026-03-04 00:00:00"), Value("2026-03-01 00:00:00"),
                               Value("2026-03-04 00:00:00+00")}));
  // to_char with PostgreSQL's pattern, named to_char.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT to_char(TIMESTAMP '2026-03-04 05:06:07.891234', "
                              "'YYYY-MM-DD HH24:MI:SS.MS \"at\" FMDD/FMMM HH12 AM Mon Dy FMMonth FMDay yy US 5%')"));
  EXPECT_EQ(r.columns[0].name, "to_char");
  EXPECT_EQ(r.rows[0][0], Value("2026-03-04 05:06:07.891 at 4/3 05 AM Mar Wed March Wednesday 26 891234 5%"));
  for (const char* pattern : {"Month", "Q", "FMQ", "\"open"}) {
    auto bad = Run(std::string("SELECT to_char(TIMESTAMP '2026-03-04', '") + pattern + "')");
    ASSERT_FALSE(bad.ok()) << pattern;
    EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidParameter) << pattern;
  }
  // A number's pattern formats a number (postgres_number_format_test has the cases).
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT to_char(1.5, '9.99'), to_char(1234.5::DOUBLE, 'FM9,999.00'), "
                              "to_char(-7::BIGINT, 'FM000'), to_char(NULL::INT, '9')"));
  EXPECT_EQ(r.columns[0].name, "to_char");
  EXPECT_EQ(r.rows[0], (Row{Value(" 1.50"), Value("1,234.50"), Value("-007"), Value()}));
  auto bad = Run("SELECT to_char(1, '9.9.9')");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kSyntaxError);
  bad = Run("SELECT to_char(TIMESTAMP '2026-03-04', '9999')");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidTextRepresentation);
}

TEST_F(EngineTest, JsonContainmentAsInPostgres) {
  // PostgreSQL's jsonb @> / <@ (DuckDB has them for lists only).
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT '{\"a\":1,\"tags\":[\"x\",\"y\"],\"o\":{\"p\":2}}'::jsonb @> "
                                   "'{\"tags\":[\"y\"],\"o\":{}}', "
                                   "'{\"a\":1}'::JSON <@ '{\"a\":1.0,\"b\":2}', [1, 2] @> [2]"));
  EXPECT_EQ(r.columns[0].name, "?column?");
  EXPECT_EQ(r.rows[0], (Row{Value(true), Value(true), Value(true)}));
  auto bad = Run("SELECT '{\"a\":1}'::JSON @> 'nope'");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidTextRepresentation);
  EXPECT_EQ(bad.error().message(), "invalid input syntax for type json: \"nope\"");
}

TEST_F(EngineTest, ExtractSeriesAndTrimAsInPostgres) {
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT EXTRACT(year FROM DATE '2026-03-04'), extract(month FROM DATE '2026-03-04')::INT, "
                                   "date_part('day', DATE '2026-03-04'), btrim('xxhixx', 'x'), btrim('  hi ')"));
  std::vector<std::string> names;
  for (const auto& c : r.columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"extract", "extract", "date_part", "btrim", "btrim"}));
  EXPECT_EQ(r.rows[0], (Row{Value(int64_t{2026}), Value(int32_t{3}), Value(int64_t{4}), Value("hi"), Value("hi")}));
  // A set-returning function in the select list gives rows (DuckDB: one list).
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT generate_series(1, 3), 'x' AS k"));
  EXPECT_EQ(r.columns[0].name, "generate_series");
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{1}), Value("x")}, {Value(int64_t{2}), Value("x")},
                                       {Value(int64_t{3}), Value("x")}}));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT generate_series(1, 2) AS n ORDER BY n DESC"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{2})}, {Value(int64_t{1})}}));
  // Elsewhere it is still DuckDB's list (list_contains needs one).
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT list_contains(generate_series(1, 3), 2)"));
  EXPECT_EQ(r.rows[0][0], Value(true));
  // In FROM, the alias names the one column too: `g` is the number (DuckDB: the row as a struct).
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT g + 1, x FROM generate_series(1, 2) g, unnest(['a']) AS x ORDER BY g"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{2}), Value("a")}, {Value(int64_t{3}), Value("a")}}));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT * FROM range(1) AS r"));
  EXPECT_EQ(r.columns[0].name, "r");
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT d::DATE FROM generate_series(DATE '2026-11-01', DATE '2026-11-02', "
                              "INTERVAL 1 DAY) d ORDER BY 1"));
  EXPECT_EQ(r.rows.size(), 2u);
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT n FROM generate_series(5, 5) AS t(n)"));  // written names stay
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{5})}}));
  // A quoted step between timestamps is an interval, as PostgreSQL reads it.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT count(*) FROM generate_series(now() - INTERVAL 2 DAY, now(), '1 day'), "
                              "generate_series(TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-01 02:00', '01:00:00')"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int64_t{9})}}));
  // timestamp(0) of a TIMESTAMPTZ such as now() (DuckDB: no such cast).
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT now()::timestamp(0) IS NOT NULL, CAST(now() AS timestamp(3)) IS NOT NULL"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(true), Value(true)}}));
}

TEST_F(EngineTest, OverflowIsOutOfRangeAsInPostgres) {
  const std::pair<const char*, const char*> cases[] = {
      {"SELECT 2147483647::INT + 1", "integer out of range"},
      {"SELECT 9223372036854775807::BIGINT * 2", "bigint out of range"},
      {"SELECT 32767::SMALLINT + 1::SMALLINT", "smallint out of range"},
      {"SELECT 3000000000::INT", "integer out of range"},
      {"SELECT '99999999999'::INT", "value \"99999999999\" is out of range for type integer"},
      {"SELECT 1000::DECIMAL(3,1)", "numeric field overflow"},
  };
  for (auto [sql, message] : cases) {
    auto r = Run(sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_EQ(r.error().code(), ErrorCode::kNumericValueOutOfRange) << sql;
    EXPECT_EQ(r.error().message(), message) << sql;
  }
  auto bad = Run("SELECT '12a'::INT");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidTextRepresentation);
}

TEST_F(EngineTest, FormatAsInPostgres) {
  // DuckDB's own format takes `{}` and answered '%s-%s' unchanged.
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT format('%s-%s', 'a', 1), format('Hello %s, %1$s', 'World'), "
                                   "format('%I.%I', 'app', 'My Table'), format('%L, %L, %L', 'O''Reilly', NULL, 'a\\b'), "
                                   "format('|%5s|%-5s|%*s|%s|', 'ab', 'cd', 3, 'e', NULL), format('%s %s', true, 2), "
                                   "format(NULL, 1), format('100%%')"));
  EXPECT_EQ(r.columns[0].name, "format");
  EXPECT_EQ(r.rows[0], (Row{Value("a-1"), Value("Hello World, World"), Value("app.\"My Table\""),
                            Value("'O''Reilly', NULL, E'a\\\\b'"), Value("|   ab|cd   |  e||"), Value("t 2"), Value(),
                            Value("100%")}));
  for (const char* bad : {"format('%x', 1)", "format('%s %s', 1)", "format('%I', NULL)", "format('%0$s', 1)",
                          "format('%')"}) {
    auto e = Run(std::string("SELECT ") + bad);
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.error().code(), ErrorCode::kInvalidParameter) << bad;
  }
  EXPECT_EQ(Run("SELECT format('%s', 1, 2)").ok(), true);  // unused arguments are fine, as in PostgreSQL
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT format('[%3s]', 'é')"));
  EXPECT_EQ(r.rows[0][0], Value("[  é]"));  // the width counts characters
}

TEST_F(EngineTest, MorePostgresFunctions) {
  struct Case {
    const char* expr;
    const char* text;  // the value as text (::TEXT of it), or nullptr for NULL
  };
  const Case cases[] = {
      {"initcap('hello wORLD o''neil 3rd')", "Hello World O'Neil 3rd"},
      {"quote_ident('My T') || quote_ident('ok_1')", "\"My T\"ok_1"},
      {"quote_literal('O''R') || quote_nullable(NULL)", "'O''R'NULL"},
      {"cardinality(ARRAY[1,2])", "2"},
      {"array_upper(ARRAY[1,2], 1) || '/' || array_lower(ARRAY[1,2], 1)", "2/1"},
      {"array_upper(ARRAY[]::INT[], 1)", nullptr},
      {"array_remove(ARRAY[1,2,NULL,2], 2)", "[1, NULL]"},
      {"ARRAY[1,2] || 3", "[1, 2, 3]"},
      {"0 || ARRAY[1]", "[0, 1]"},
      {"ARRAY['a'] || ARRAY['b']", "[a, b]"},
      {"regexp_match('foo123bar45', '(\\d+)[a-z]+(\\d+)')", "[123, 45]"},
      {"regexp_match('abc', 'b')", "[b]"},
      {"regexp_match('abc', 'z')", nullptr},
      {"regexp_count('abab', 'b')", "2"},
      {"substring('abc123def' FROM '[0-9]+')", "123"},
      {"substring('abc123def' FROM 'c(\\d)(\\d)')", "1"},  // the first group
      {"substring('abc' FROM 'z')", nullptr},
      {"substring('hello' FROM 2 FOR 3) || substring('hello', 4)", "elllo"},
      {"encode('abc'::BYTEA, 'base64') || encode('abc'::BYTEA, 'hex')", "YWJj616263"},
      {"decode('YWJj', 'base64') = decode('616263', 'hex')", "true"},
      {"width_bucket(5, 0, 10, 5) || ',' || width_bucket(-1, 0, 10, 5) || ',' || width_bucket(10, 0, 10, 5)", "3,0,6"},
      {"to_date('02/01/2026', 'DD/MM/YYYY')", "2026-01-02"},
      {"to_timestamp('2026-01-02 03:04', 'YYYY-MM-DD HH24:MI')", "2026-01-02 03:04:00"},
      {"clock_timestamp() <> now()", "true"},  // the clock's time, not the statement's
      {"date_bin('15 minutes', TIMESTAMP '2026-01-01 10:31:00', TIMESTAMP '2026-01-01 00:02:00')", "2026-01-01 10:17:00"},
      {"make_interval(days => 2) + make_interval(hours => 1, mins => 30)", "2 days 01:30:00"},
      {"make_interval(1, 2, 1, 1, 0, 0, 1.5)", "1 year 2 months 8 days 00:00:01.5"},
      {"make_interval()", "00:00:00"},
      {"version() LIKE 'KalamDB %DuckDB v%'", "true"},
      {"div(7, 2) || ',' || div(-7, 2) || ',' || div(9.5, 2)", "3,-3,4"},
      {"octet_length('héllo') || ',' || octet_length('\\x00ff'::BYTEA) || ',' || octet_length(CAST('\\xDEAD' AS bytea))",
       "6,2,2"},
      {"encode('\\xdeadbeef'::bytea, 'hex') || encode('ab'::bytea, 'hex')", "deadbeef6162"},
      {"current_database() || ',' || current_catalog", "kalamdb,kalamdb"},
      {"current_schema()", nullptr},  // no namespace in use
      {"encode(sha256('abc'::BYTEA), 'hex')", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"length(uuid_generate_v4()::TEXT) || substring(gen_random_uuid()::TEXT, 15, 1)", "364"},
      {"justify_hours(INTERVAL '50 hours')", "2 days 02:00:00"},
      {"justify_hours(INTERVAL '1 day -1 hour')", "23:00:00"},
      {"justify_days(INTERVAL '35 days')", "1 month 5 days"},
      {"justify_days(INTERVAL '1 month -1 day')", "29 days"},
      {"justify_interval(INTERVAL '1 month -1 hour')", "29 days 23:00:00"},
      {"justify_interval(INTERVAL '-1 month 1 hour')", "-29 days -23:00:00"},
  };
  for (const Case& c : cases) {
    auto r = Run(std::string("SELECT (") + c.expr + ")::TEXT");
    ASSERT_TRUE(r.ok()) << c.expr << ": " << r.status().ToString();
    EXPECT_EQ(r->rows[0][0], c.text ? Value(c.text) : Value()) << c.expr;
  }
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT every(x), initcap('a') FROM (VALUES (true), (false)) t(x)"));
  EXPECT_EQ(r.columns[0].name, "every");
  EXPECT_EQ(r.rows[0][0], Value(false));
  auto bad = Run("SELECT encode('a'::BYTEA, 'nope')");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "unrecognized encoding: \"nope\"");
  bad = Run("SELECT make_interval(years => 999999999)");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "interval out of range");
  // PostgreSQL's names for the ordered-set aggregates DuckDB's parser renames.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), "
                              "percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM (VALUES (1), (2)) t(x)"));
  EXPECT_EQ(r.columns[0].name, "percentile_cont");
  EXPECT_EQ(r.columns[1].name, "percentile_disc");
  EXPECT_EQ(r.rows[0][0], Value(1.5));
}

TEST_F(EngineTest, RegexpMatchesGivesRowsAsInPostgres) {
  // DuckDB's own regexp_matches is a boolean; PostgreSQL's gives a text[] per match.
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT regexp_matches('#a #bc x', '#(\\w+)', 'g') AS m"));
  EXPECT_EQ(r.columns[0].name, "m");
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("[\"a\"]")}, {Value("[\"bc\"]")}}));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT regexp_matches('a1b2', '([a-z])(\\d)')"));  // the first match only
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("[\"a\",\"1\"]")}}));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT regexp_matches('AbA', 'a', 'gi')"));
  EXPECT_EQ(r.rows.size(), 2u);
  // A row without a match gives no row; in FROM, each match is a row whose array indexes from 1.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT id, tag[1] FROM (VALUES (1, 'meeting running'), (2, 'lunch')) m(id, body), "
                              "regexp_matches(m.body, '(\\w+)ing', 'g') AS tag ORDER BY 2"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int32_t{1}), Value("meet")}, {Value(int32_t{1}), Value("runn")}}));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT count(*) FROM (VALUES ('a'), ('b')) t(x) WHERE regexp_matches(x, 'a')"));
  EXPECT_EQ(r.rows[0][0], Value(int64_t{1}));  // in WHERE it is still a test (PostgreSQL refuses it there)
}

TEST_F(EngineTest, NullsSortAsInPostgres) {
  // Largest in PostgreSQL's eyes: last going up, first going down.
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT x FROM (VALUES (1), (NULL), (2)) t(x) ORDER BY x DESC"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value()}, {Value(int32_t{2})}, {Value(int32_t{1})}}));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT x FROM (VALUES (1), (NULL), (2)) t(x) ORDER BY x"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int32_t{1})}, {Value(int32_t{2})}, {Value()}}));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT x FROM (VALUES (1), (NULL), (2)) t(x) ORDER BY x DESC NULLS LAST"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int32_t{2})}, {Value(int32_t{1})}, {Value()}}));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT x, row_number() OVER (ORDER BY x DESC) FROM (VALUES (1), (NULL)) t(x) ORDER BY 2"));
  EXPECT_EQ(r.rows[0][0], Value());
}

TEST_F(EngineTest, ValuesColumnsAreNamedAsInPostgres) {
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v WHERE column1 = 2"));
  ASSERT_EQ(r.columns.size(), 2u);
  EXPECT_EQ(r.columns[0].name, "column1");
  EXPECT_EQ(r.columns[1].name, "column2");
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int32_t{2}), Value("b")}}));
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT * FROM (VALUES (1)) v(x)"));
  EXPECT_EQ(r.columns[0].name, "x");
}

TEST_F(EngineTest, JsonArrowsBindAsInPostgres) {
  // DuckDB alone reads `x AND j->>'k' = 'v'` as `((x AND j) ->> 'k') = 'v'`.
  const std::string from =
      " FROM (VALUES (1, '{\"k\":\"v\",\"a\":[1,2,{\"b\":\"c\"}]}'::JSON), (2, '{\"k\":\"w\"}'::JSON)) t(id, j)";
  struct Case {
    std::string where;
    std::vector<int64_t> ids;
  };
  const Case cases[] = {
      {"j->>'k' = 'v' AND j->>'k' = 'v'", {1}},
      {"id > 0 AND j->>'k' IS NOT NULL AND NOT j->>'k' IN ('w')", {1}},
      {"id = 2 OR j->'a'->2->>'b' = 'c'", {1, 2}},
      {"j->'a'->>-1 IS NOT NULL AND j::JSON->'a'->>0 = '1'", {1}},
      {"(j->>'k') = 'w' AND t.j->>'k' LIKE 'w%'", {2}},
      {"j->>'k' BETWEEN 'a' AND 'v' AND json_array_length(j->'a') = 3", {1}},
  };
  for (const Case& c : cases) {
    auto r = Run("SELECT id" + from + " WHERE " + c.where + " ORDER BY id");
    ASSERT_TRUE(r.ok()) << c.where << ": " << r.status().ToString();
    std::vector<int64_t> ids;
    for (const Row& row : r->rows) ids.push_back(std::get<int64_t>(row[0]));
    EXPECT_EQ(ids, c.ids) << c.where;
  }
  // An error's position is in the text that was sent (the parentheses added are not counted).
  auto bad = Run("SELECT j->>'k' = 'v' AND nope = 1" + from);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kColumnNotFound);
  EXPECT_EQ(bad.error().position(), 26);
}

TEST(JsonArrowsTest, ParenthesizesOperandsOnly) {
  using internal::RewriteBeforeParse;
  EXPECT_FALSE(RewriteBeforeParse("SELECT 1 - 2").has_value());
  EXPECT_FALSE(RewriteBeforeParse("SELECT (a->>'k')").has_value());  // already its own
  EXPECT_FALSE(RewriteBeforeParse("SELECT '->'").has_value());       // inside a string
  EXPECT_EQ(RewriteBeforeParse("SELECT x AND a->'b'->>'c' = 1")->text, "SELECT x AND ((a->'b')->>'c') = 1");
  EXPECT_EQ(RewriteBeforeParse("SELECT f(t.a)::JSON->>$1, g(a ->> -1), h(c->>-2)")->text,
            "SELECT (f(t.a)::JSON->>$1), g(a ->> -1), h(c->> -2)");
  EXPECT_EQ(RewriteBeforeParse("SELECT a->>'k'::TEXT, b[1]->>0")->text, "SELECT (a->>'k'::TEXT), (b[1]->>0)");
  EXPECT_EQ(RewriteBeforeParse("SELECT CASE WHEN c THEN '{}'->>'a' ELSE JSON '{}'->>'b' END")->text,
            "SELECT CASE WHEN c THEN ('{}'->>'a') ELSE (JSON '{}'->>'b') END");
  // DuckDB's lambdas (`x -> x + 1`): a `->` whose right side is not a key or index is left alone.
  EXPECT_FALSE(RewriteBeforeParse("SELECT list_transform([1], x -> x + 1)").has_value());
  EXPECT_FALSE(RewriteBeforeParse("SELECT list_transform([1], x -> (x + 1))").has_value());
  EXPECT_EQ(RewriteBeforeParse("SELECT a->('k')->>(-1) IS NULL")->text, "SELECT ((a->('k'))->>(-1)) IS NULL");
  auto mapped = RewriteBeforeParse("SELECT é AND a->>'k' = 1");
  ASSERT_TRUE(mapped.has_value());
  EXPECT_EQ(mapped->text, "SELECT é AND (a->>'k') = 1");
  EXPECT_EQ(mapped->Original(26), 24);  // the `1`
  EXPECT_EQ(mapped->Original(15), 14);  // the `a`
  // PostgreSQL's float is double precision: a cast to it becomes one to float8 (names and aliases stay).
  EXPECT_EQ(RewriteBeforeParse("SELECT x::float, CAST(y AS FLOAT), f(CAST(z AS float)) AS float, w::float(24)")->text,
            "SELECT x::float8, CAST(y AS FLOAT8), f(CAST(z AS float8)) AS float, w::float(24)");
  EXPECT_FALSE(RewriteBeforeParse("SELECT float FROM t").has_value());
  // bytea hex literals: DuckDB's escape per byte; positions after them map back.
  auto hex = RewriteBeforeParse("SELECT '\\x00a1ff'::bytea, CAST('\\xAB' AS BYTEA), '\\x0011', at");
  ASSERT_TRUE(hex.has_value());
  EXPECT_EQ(hex->text, "SELECT '\\x00\\xa1\\xff'::bytea, CAST('\\xAB' AS BYTEA), '\\x0011', \"at\"");
  EXPECT_EQ(hex->Original(65), 60);  // the `a` of `at`: 4 bytes added before it, then its quote
  EXPECT_FALSE(RewriteBeforeParse("SELECT '\\x0g'::bytea").has_value());  // not hex: left to DuckDB
  // f(c.*): the whole row, positions kept.
  EXPECT_EQ(RewriteBeforeParse("SELECT to_jsonb(m.*), count(*), m.* FROM t m")->text,
            "SELECT to_jsonb(m  ), count(*), m.* FROM t m");
  EXPECT_FALSE(RewriteBeforeParse("SELECT 'x::float'").has_value());
}

TEST_F(EngineTest, FloatIsDoublePrecisionAsInPostgres) {
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT 1.23456789::float AS a, CAST(1.23456789 AS float) AS b, "
                                   "1.5::real AS c, 1.5::float4 AS d, (count(*)::float / 3) AS e FROM range(1)"));
  EXPECT_EQ(r.columns[0].type.id, TypeId::kDouble);
  EXPECT_EQ(r.columns[1].type.id, TypeId::kDouble);
  EXPECT_EQ(r.columns[2].type.id, TypeId::kReal);
  EXPECT_EQ(r.columns[3].type.id, TypeId::kReal);
  EXPECT_EQ(r.rows[0][0], Value(1.23456789));
  EXPECT_EQ(r.rows[0][1], Value(1.23456789));
  EXPECT_EQ(r.rows[0][4], Value(1.0 / 3));
}

TEST_F(EngineTest, LikeEscapesWithBackslashAsInPostgres) {
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT 'a_b' LIKE 'a\\_b', 'axb' LIKE 'a\\_b', '50%' LIKE '%\\%', "
                                   "'5x' NOT LIKE '%\\%', 'A_B' ILIKE 'a\\_b', 'AxB' NOT ILIKE 'a\\_b', "
                                   "'a!b' LIKE 'a!!b' ESCAPE '!', x LIKE y FROM (VALUES ('a_', 'a\\_')) t(x, y)"));
  EXPECT_EQ(r.rows[0], (Row{Value(true), Value(false), Value(true), Value(true), Value(true), Value(true), Value(true),
                            Value(true)}));
  EXPECT_EQ(r.columns[0].name, "?column?");
  auto bad = Run("SELECT 'a\\' LIKE 'a\\'");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "LIKE pattern must not end with escape character");
}

TEST_F(EngineTest, LikeAnyAndAllOfAnArray) {
  // DuckDB's parser refuses LIKE with ANY/ALL ("Unsupported comparison"); PostgreSQL's meaning,
  // NULLs included: true if one matches, NULL if none does and a pattern is NULL.
  ASSERT_OK_AND_ASSIGN(auto r, Run("SELECT 'abc' LIKE ANY (ARRAY['x%', 'a%']), 'abc' LIKE ALL (ARRAY['a%', '%c']), "
                                   "'abc' LIKE ALL (ARRAY['a%', 'x%']), 'ABC' ILIKE SOME (ARRAY['a_c']), "
                                   "'abc' NOT LIKE ANY (ARRAY['abc', 'x%']), 'abc' NOT ILIKE ALL (ARRAY['A%']), "
                                   "'abc' LIKE ANY (ARRAY['x%', NULL]), 'a_c' LIKE ANY (ARRAY['a\\_c']), "
                                   "'abc' like any ($1)", Role::kSystem,
                                   {Value("[\"%b%\"]")}));
  EXPECT_EQ(r.rows[0], (Row{Value(true), Value(true), Value(false), Value(true), Value(true), Value(false), Value(),
                            Value(true), Value(true)}));
  EXPECT_EQ(r.columns[0].name, "?column?");
  // Over a table's column, in WHERE, and as filters that refer to the outer row.
  ASSERT_OK_AND_ASSIGN(r, Run("SELECT n FROM (VALUES ('apple'), ('berry'), ('cherry')) t(n) "
                              "WHERE n ILIKE ANY (ARRAY['%RR%', 'a%']) AND n NOT LIKE ALL (ARRAY['c%']) ORDER BY n"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("apple")}, {Value("berry")}}));
  // An error's position is where it was written.
  auto bad = Run("SELECT nope LIKE ANY (ARRAY['a'])");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "column \"nope\" does not exist");
  EXPECT_EQ(bad.error().position(), 8);
}

TEST(JsonContainsTest, FollowsPostgresRules) {
  using internal::JsonContains;
  struct Case {
    const char* container;
    const char* contained;
    bool expected;
  };
  const Case cases[] = {
      {R"({"a":1,"b":2})", R"({"a":1})", true},
      {R"({"a":1})", R"({"a":1,"b":2})", false},
      {R"({"a":{"b":1,"c":2}})", R"({"a":{"b":1}})", true},
      {R"({"a":{"b":1}})", R"({"b":1})", false},  // not found deeper down (DuckDB's json_contains would)
      {R"([1,2,3])", R"([3,1])", true},
      {R"([1,2,3])", R"([1,1])", true},
      {R"([1,2])", R"([4])", false},
      {R"(["foo","bar"])", R"("foo")", true},  // a lone scalar, top level only
      {R"([["foo"]])", R"(["foo"])", false},
      {R"([{"a":1,"b":2}])", R"([{"a":1}])", true},
      {R"({"a":[1,2]})", R"({"a":1})", false},
      {R"(1)", R"(1.0)", true},
      {R"("1")", R"(1)", false},
      {R"(null)", R"(null)", true},
      {R"({"a":1})", R"({})", true},
      {R"({"a":-1})", R"({"a":18446744073709551615})", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(JsonContains(c.container, c.contained), c.expected) << c.container << " @> " << c.contained;
  }
  EXPECT_EQ(JsonContains("{", "1"), std::nullopt);
}

}  // namespace
}  // namespace kalam::engine
