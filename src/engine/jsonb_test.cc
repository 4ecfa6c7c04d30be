#include "common/jsonb.h"

#include "engine/engine_fixture.h"
#include "engine/internal/pre_parse.h"

namespace kalam::engine {
namespace {

using jsonb::Json;
using jsonb::TextArray;


Json J(const char* text) { return Json::parse(text); }

TextArray Path(const char* literal) {
  auto parsed = jsonb::ParseTextArray(literal);
  EXPECT_TRUE(parsed.ok()) << literal;
  return parsed.ok() ? *parsed : TextArray{};
}

TEST(JsonbTest, TextArrayLiterals) {
  EXPECT_EQ(Path("{a,b}"), (TextArray{"a", "b"}));
  EXPECT_EQ(Path(" { \"c d\" , NULL, \"NULL\", e\\,f , -1} "), (TextArray{"c d", std::nullopt, "NULL", "e,f", "-1"}));
  EXPECT_EQ(Path("{}"), TextArray{});
  for (const char* bad : {"a", "{a", "{a}x", "{{a}}", "{a,}", "{,a}", "{\"a}", ""}) {
    auto r = jsonb::ParseTextArray(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidTextRepresentation) << bad;
    EXPECT_TRUE(r.error().message().starts_with("malformed array literal")) << r.error().message();
  }
}

TEST(JsonbTest, PathsKeysAndText) {
  const Json doc = J(R"({"a":{"b":[10,20,{"c":"x"}]},"s":"str","n":null})");
  EXPECT_EQ(*jsonb::AtPath(doc, Path("{a,b,1}")), J("20"));
  EXPECT_EQ(*jsonb::AtPath(doc, Path("{a,b,-1,c}")), J("\"x\""));
  EXPECT_EQ(jsonb::AtPath(doc, Path("{a,b,3}")), nullptr);
  EXPECT_EQ(jsonb::AtPath(doc, Path("{a,b,x}")), nullptr);  // not an index: no element
  EXPECT_EQ(jsonb::AtPath(doc, Path("{s,0}")), nullptr);    // into a scalar
  EXPECT_EQ(jsonb::AtPath(doc, Path("{a,NULL}")), nullptr);
  EXPECT_EQ(*jsonb::AtPath(doc, Path("{}")), doc);
  EXPECT_EQ(jsonb::AsText(J("\"x\"")), "x");
  EXPECT_EQ(jsonb::AsText(J(R"({"k": [1, 2]})")), R"({"k":[1,2]})");
  EXPECT_EQ(jsonb::AsText(J("null")), std::nullopt);
  EXPECT_TRUE(jsonb::HasKey(doc, "a"));
  EXPECT_TRUE(jsonb::HasKey(doc, "n"));  // a key whose value is null is there
  EXPECT_FALSE(jsonb::HasKey(doc, "c"));  // only the top level
  EXPECT_TRUE(jsonb::HasKey(J(R"(["a",1])"), "a"));
  EXPECT_FALSE(jsonb::HasKey(J(R"(["a",1])"), "1"));  // string elements only
  EXPECT_TRUE(jsonb::HasKey(J("\"a\""), "a"));
}

TEST(JsonbTest, ConcatAndDelete) {
  EXPECT_EQ(jsonb::Concat(J(R"({"a":1,"b":2})"), J(R"({"b":3,"c":4})")), J(R"({"a":1,"b":3,"c":4})"));
  EXPECT_EQ(jsonb::Concat(J("[1]"), J("[2,3]")), J("[1,2,3]"));
  EXPECT_EQ(jsonb::Concat(J("[1]"), J(R"({"a":1})")), J(R"([1,{"a":1}])"));
  EXPECT_EQ(jsonb::Concat(J("1"), J("2")), J("[1,2]"));
  // Keys keep the order they were written in.
  EXPECT_EQ(jsonb::Dump(jsonb::Concat(J(R"({"z":1})"), J(R"({"a":2})"))), R"({"z":1,"a":2})");

  EXPECT_EQ(*jsonb::DeleteKey(J(R"({"a":1,"b":2})"), "a"), J(R"({"b":2})"));
  EXPECT_EQ(*jsonb::DeleteKey(J(R"(["a","b","a",1])"), "a"), J(R"(["b",1])"));
  EXPECT_EQ(jsonb::DeleteKey(J("1"), "a").error().message(), "cannot delete from scalar");
  EXPECT_EQ(*jsonb::DeleteIndex(J("[1,2,3]"), -1), J("[1,2]"));
  EXPECT_EQ(*jsonb::DeleteIndex(J("[1,2,3]"), 5), J("[1,2,3]"));
  EXPECT_EQ(jsonb::DeleteIndex(J("{}"), 0).error().message(), "cannot delete from object using integer index");
  EXPECT_EQ(*jsonb::DeletePath(J(R"({"a":{"b":[1,2]}})"), Path("{a,b,0}")), J(R"({"a":{"b":[2]}})"));
  EXPECT_EQ(*jsonb::DeletePath(J(R"({"a":1})"), Path("{x,y}")), J(R"({"a":1})"));
  EXPECT_EQ(jsonb::DeletePath(J("[1]"), Path("{a}")).error().message(),
            "path element at position 1 is not an integer: \"a\"");
  EXPECT_EQ(jsonb::DeletePath(J("3"), Path("{a}")).error().message(), "cannot delete path in scalar");
}

TEST(JsonbTest, SetAndInsert) {
  const Json doc = J(R"({"a":{"b":[1,2]},"k":"v"})");
  EXPECT_EQ(*jsonb::SetPath(doc, Path("{k}"), J("5"), true), J(R"({"a":{"b":[1,2]},"k":5})"));
  EXPECT_EQ(*jsonb::SetPath(doc, Path("{new}"), J("true"), true), J(R"({"a":{"b":[1,2]},"k":"v","new":true})"));
  EXPECT_EQ(*jsonb::SetPath(doc, Path("{new}"), J("true"), false), doc);
  EXPECT_EQ(*jsonb::SetPath(doc, Path("{a,b,-1}"), J("9"), true), J(R"({"a":{"b":[1,9]},"k":"v"})"));
  EXPECT_EQ(*jsonb::SetPath(doc, Path("{a,b,7}"), J("9"), true), J(R"({"a":{"b":[1,2,9]},"k":"v"})"));
  EXPECT_EQ(*jsonb::SetPath(doc, Path("{a,b,-7}"), J("9"), true), J(R"({"a":{"b":[9,1,2]},"k":"v"})"));
  EXPECT_EQ(*jsonb::SetPath(doc, Path("{x,y}"), J("1"), true), doc);  // an earlier step missing
  EXPECT_EQ(jsonb::SetPath(J("1"), Path("{a}"), J("1"), true).error().message(), "cannot set path in scalar");
  EXPECT_EQ(jsonb::SetPath(doc, Path("{a,NULL}"), J("1"), true).error().message(), "path element at position 2 is null");
  EXPECT_EQ(jsonb::SetPath(doc, Path("{a,b,x}"), J("1"), true).error().code(), ErrorCode::kInvalidParameter);

  EXPECT_EQ(*jsonb::InsertPath(doc, Path("{a,b,0}"), J("0"), false), J(R"({"a":{"b":[0,1,2]},"k":"v"})"));
  EXPECT_EQ(*jsonb::InsertPath(doc, Path("{a,b,0}"), J("0"), true), J(R"({"a":{"b":[1,0,2]},"k":"v"})"));
  EXPECT_EQ(*jsonb::InsertPath(doc, Path("{a,c}"), J("0"), false), J(R"({"a":{"b":[1,2],"c":0},"k":"v"})"));
  EXPECT_EQ(jsonb::InsertPath(doc, Path("{k}"), J("0"), false).error().message(), "cannot replace existing key");
}

TEST(JsonbTest, StripTypeLengthPretty) {
  EXPECT_EQ(jsonb::StripNulls(J(R"({"a":null,"b":{"c":null,"d":1},"e":[null,{"f":null}]})")),
            J(R"({"b":{"d":1},"e":[null,{}]})"));
  EXPECT_EQ(jsonb::TypeOf(J("{}")), "object");
  EXPECT_EQ(jsonb::TypeOf(J("[]")), "array");
  EXPECT_EQ(jsonb::TypeOf(J("\"s\"")), "string");
  EXPECT_EQ(jsonb::TypeOf(J("1")), "number");
  EXPECT_EQ(jsonb::TypeOf(J("-1.5")), "number");
  EXPECT_EQ(jsonb::TypeOf(J("18446744073709551615")), "number");
  EXPECT_EQ(jsonb::TypeOf(J("false")), "boolean");
  EXPECT_EQ(jsonb::TypeOf(J("null")), "null");
  EXPECT_EQ(*jsonb::ArrayLength(J("[1,[2,3]]")), 2);
  EXPECT_EQ(jsonb::ArrayLength(J("{}")).error().message(), "cannot get array length of a non-array");
  EXPECT_EQ(jsonb::ArrayLength(J("1")).error().message(), "cannot get array length of a scalar");
  EXPECT_EQ(jsonb::Pretty(J(R"({"a":[1],"b":{}})")), "{\n    \"a\": [\n        1\n    ],\n    \"b\": {}\n}");
}

TEST(JsonbTest, OperatorsDuckDbCannotLexAreRenamed) {
  using internal::RewriteBeforeParse;
  auto r = RewriteBeforeParse("SELECT m #> '{a}', m #>> '{a}', m #- '{a}', m ?| '{a}', m ?& '{a}', m ? 'k'");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->text, "SELECT m ~> '{a}', m ~>> '{a}', m ~- '{a}', m ~| '{a}', m ~& '{a}', m ~@ 'k'");
  EXPECT_EQ(r->Original(74), 73);  // the 'k' after the longer `?`
  // `?` after something that is not an operand is not an operator: DuckDB's parameter, left alone.
  EXPECT_FALSE(RewriteBeforeParse("SELECT ? FROM t WHERE x = ?").has_value());
  EXPECT_FALSE(RewriteBeforeParse("SELECT x FROM t WHERE y IN (?, ?) AND z = ? ORDER BY x LIMIT ? OFFSET ?").has_value());
  EXPECT_FALSE(RewriteBeforeParse("SELECT '#>', '?'").has_value());
  EXPECT_EQ(RewriteBeforeParse("SELECT (m->'a') ? 'b' AND f(x) ?| ARRAY['c']")->text,
            "SELECT (m->'a') ~@ 'b' AND f(x) ~| ARRAY['c']");
  // A column named `at` is quoted for DuckDB, whose parser reads AT as a keyword.
  auto at = RewriteBeforeParse("SELECT at, t.at FROM t WHERE at > 1 AND x AT TIME ZONE 'UTC' > at");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->text, "SELECT \"at\", t.\"at\" FROM t WHERE \"at\" > 1 AND x AT TIME ZONE 'UTC' > \"at\"");
  EXPECT_EQ(at->Original(39), 33);  // the first `>`, after three quoted `at`s
  EXPECT_FALSE(RewriteBeforeParse("SELECT 'at', \"at\", data FROM cat").has_value());
  // With the arrows: `a->'b' #>> '{c}'` is `(a->'b') #>> '{c}'`, as in PostgreSQL.
  EXPECT_EQ(RewriteBeforeParse("SELECT a->'b' #>> '{c}'")->text, "SELECT (a->'b') ~>> '{c}'");
}

class JsonbQueryTest : public EngineFixture {
 protected:
  /// The one value `SELECT expr FROM docs` gives for a JSON document `doc`.
  Result<Value> Eval(const std::string& expr, const std::string& doc = kDoc) {
    auto r = Query("SELECT " + expr + " FROM (VALUES ('" + doc + "'::JSON, 'txt')) docs(meta, name)");
    if (!r.ok()) return r.error();
    if (r->rows.size() != 1 || r->rows[0].size() != 1) return Status(ErrorCode::kInternal, "not one value");
    return r->rows[0][0];
  }

  static constexpr const char* kDoc = R"({"a":{"b":[1,2,3]},"k":"v","tags":["x","y"]})";
};

TEST_F(JsonbQueryTest, OperatorsAsInPostgres) {
  struct Case {
    std::string expr;
    Value want;
  };
  const Case cases[] = {
      {"meta #> '{a,b}'", Value("[1,2,3]")},
      {"meta #>> '{a,b,-1}'", Value("3")},
      {"meta #>> ARRAY['tags','0']", Value("x")},
      {"meta #>> '{nope}'", Value()},
      {"meta ? 'k'", Value(true)},
      {"meta ? 'x'", Value(false)},
      {"meta->'tags' ? 'y'", Value(true)},
      {"meta ?| ARRAY['nope','k']", Value(true)},
      {"meta ?& '{k,nope}'", Value(false)},
      {"meta #- '{a,b,0}'", Value(R"({"a":{"b":[2,3]},"k":"v","tags":["x","y"]})")},
      {"meta - 'tags'", Value(R"({"a":{"b":[1,2,3]},"k":"v"})")},
      {"meta - ARRAY['a','tags']", Value(R"({"k":"v"})")},
      {"meta->'tags' - 0", Value(R"(["y"])")},
      {"meta || '{\"k\":1}'", Value(R"({"a":{"b":[1,2,3]},"k":1,"tags":["x","y"]})")},
      {"meta->'tags' || '[\"z\"]'::jsonb", Value(R"(["x","y","z"])")},
      // Precedence: comparisons and AND bind looser, as in PostgreSQL.
      {"meta ? 'k' AND meta #>> '{a,b,0}' = '1'", Value(true)},
      // Not JSON: DuckDB's own operators, types unchanged.
      {"name || '{\"k\":1}'", Value(R"(txt{"k":1})")},
      {"meta || name", Value(R"({"a":{"b":[1,2,3]},"k":"v","tags":["x","y"]}txt)")},
      {"'a' || 'b'", Value("ab")},
      {"1.5::DOUBLE || 'x'", Value("1.5x")},
      {"7::BIGINT - 2", Value(int64_t{5})},
      {"DATE '2026-01-02' - 1 = DATE '2026-01-01'", Value(true)},
  };
  for (const Case& c : cases) {
    auto v = Eval(c.expr);
    ASSERT_TRUE(v.ok()) << c.expr << ": " << v.status().ToString();
    EXPECT_EQ(*v, c.want) << c.expr;
  }
  ASSERT_OK_AND_ASSIGN(auto r, Query("SELECT meta ? 'k', meta #> '{a}', 2::BIGINT - 1, 'a' || 'b' FROM "
                                     "(VALUES ('{}'::JSON)) t(meta)"));
  EXPECT_EQ(r.columns[0].name, "?column?");
  EXPECT_EQ(r.columns[0].type.id, TypeId::kBoolean);
  EXPECT_EQ(r.columns[1].type.id, TypeId::kJson);
  EXPECT_EQ(r.columns[2].type.id, TypeId::kBigInt);
  EXPECT_EQ(r.columns[3].type.id, TypeId::kText);
}

TEST_F(JsonbQueryTest, FunctionsAsInPostgres) {
  struct Case {
    std::string expr;
    Value want;
  };
  const Case cases[] = {
      {"jsonb_set(meta, '{k}', '\"w\"')", Value(R"({"a":{"b":[1,2,3]},"k":"w","tags":["x","y"]})")},
      {"jsonb_set(meta, '{new}', '1', false) = meta", Value(true)},
      {"jsonb_insert(meta, ARRAY['tags','1'], '\"q\"', true)->'tags'", Value(R"(["x","y","q"])")},
      {"jsonb_strip_nulls('{\"a\":null,\"b\":[null]}')", Value(R"({"b":[null]})")},
      {"jsonb_typeof(meta->'a'->'b'->0)", Value("number")},
      {"json_typeof(meta->'k')", Value("string")},
      {"jsonb_array_length(meta->'tags')", Value(int64_t{2})},
      {"json_array_length(meta->'a'->'b')", Value(int64_t{3})},
      {"jsonb_extract_path_text(meta, 'a', 'b', '1')", Value("2")},
      {"json_extract_path(meta, 'tags')", Value(R"(["x","y"])")},
      {"jsonb_pretty('[1]')", Value("[\n    1\n]")},
  };
  for (const Case& c : cases) {
    auto v = Eval(c.expr);
    ASSERT_TRUE(v.ok()) << c.expr << ": " << v.status().ToString();
    EXPECT_EQ(*v, c.want) << c.expr;
  }
  ASSERT_OK_AND_ASSIGN(auto r, Query("SELECT jsonb_array_length('[]'), jsonb_set('{}', '{a}', '1')"));
  EXPECT_EQ(r.columns[0].type.id, TypeId::kInt);
  EXPECT_EQ(r.columns[0].name, "jsonb_array_length");
  EXPECT_EQ(r.columns[1].type.id, TypeId::kJson);
}

TEST_F(JsonbQueryTest, SetReturningFunctionsGiveRows) {
  const std::string docs = " FROM (VALUES (1, '{\"tags\":[\"a\",\"b\"],\"n\":null}'::JSON), (2, '{\"tags\":[]}'::JSON)) d(id, meta)";
  ASSERT_OK_AND_ASSIGN(auto r, Query("SELECT id, jsonb_array_elements_text(meta->'tags') AS tag" + docs + " ORDER BY 2"));
  EXPECT_EQ(r.columns[1].name, "tag");
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int32_t{1}), Value("a")}, {Value(int32_t{1}), Value("b")}}));
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT jsonb_object_keys(meta)" + docs + " WHERE id = 1"));
  EXPECT_EQ(r.columns[0].name, "jsonb_object_keys");
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("tags")}, {Value("n")}}));
  // Inside an expression of the select list too, as PostgreSQL allows.
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT id, upper(jsonb_array_elements_text(meta->'tags')) AS t, "
                                "jsonb_array_length(meta->'tags') + 0 AS n" + docs + " ORDER BY 2"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int32_t{1}), Value("A"), Value(int32_t{2})},
                                       {Value(int32_t{1}), Value("B"), Value(int32_t{2})}}));
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT jsonb_array_elements('[{\"id\":1},{\"id\":2}]')->>'id' AS id"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("1")}, {Value("2")}}));
  // In every select list: a FROM subquery, a CTE, a WHERE subquery, both sides of a UNION.
  ASSERT_OK_AND_ASSIGN(r, Query("WITH c AS (SELECT jsonb_array_elements_text(meta->'tags') AS t" + docs +
                                ") SELECT tag, count(*) FROM (SELECT jsonb_array_elements_text(meta->'tags') AS tag" +
                                docs + ") s WHERE tag IN (SELECT t FROM c) AND tag NOT IN (SELECT "
                                "jsonb_array_elements_text('[\"z\"]')) GROUP BY tag "
                                "UNION ALL SELECT jsonb_object_keys('{\"k\":1}'), 0 ORDER BY 1"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("a"), Value(int64_t{1})}, {Value("b"), Value(int64_t{1})},
                                       {Value("k"), Value(int64_t{0})}}));
  // In FROM: a lateral call per row, its column `value` (or the alias of the call itself).
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT d.id, tag, tag.value" + docs + ", jsonb_array_elements_text(d.meta->'tags') tag ORDER BY tag"));
  EXPECT_EQ(r.columns[1].name, "tag");
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int32_t{1}), Value("a"), Value("a")}, {Value(int32_t{1}), Value("b"), Value("b")}}));
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT count(*)" + docs + " CROSS JOIN LATERAL jsonb_array_elements(meta->'tags') e "
                                "WHERE e.value = '\"b\"'"));
  EXPECT_EQ(r.rows[0][0], Value(int64_t{1}));
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT * FROM jsonb_each('{\"a\":1,\"b\":\"x\"}')"));
  ASSERT_EQ(r.columns.size(), 2u);
  EXPECT_EQ(r.columns[0].name, "key");
  EXPECT_EQ(r.columns[1].type.id, TypeId::kJson);
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("a"), Value("1")}, {Value("b"), Value("\"x\"")}}));
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT e.k, e.v FROM jsonb_each_text('{\"a\":null,\"b\":\"x\"}') AS e(k, v)"));
  EXPECT_EQ(r.columns[1].type.id, TypeId::kText);
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value("a"), Value()}, {Value("b"), Value("x")}}));
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT * FROM jsonb_object_keys('{\"a\":1}') k"));
  EXPECT_EQ(r.columns[0].name, "k");
  // Other table functions stay refused.
  auto refused = Query("SELECT * FROM jsonb_populate_record(NULL, '{}')");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(JsonbQueryTest, ErrorsAsInPostgres) {
  struct Case {
    std::string sql;
    ErrorCode code;
    std::string message;
    std::optional<int> position;
  };
  const Case cases[] = {
      {"SELECT 1 #> 2", ErrorCode::kUndefinedFunction, "operator does not exist: integer #> integer", 10},
      {"SELECT '{}'::JSON ? 1", ErrorCode::kUndefinedFunction, "operator does not exist: json ? integer", 19},
      {"SELECT lower(1)", ErrorCode::kUndefinedFunction, "function lower(integer) does not exist", 8},
      {"SELECT '{}'::JSON - true", ErrorCode::kUndefinedFunction, "operator does not exist: json - boolean", std::nullopt},
      {"SELECT jsonb_set('[1]', '{a}', '2')", ErrorCode::kInvalidParameter,
       "path element at position 1 is not an integer: \"a\"", std::nullopt},
      {"SELECT '1'::JSON - 'a'", ErrorCode::kInvalidParameter, "cannot delete from scalar", std::nullopt},
      {"SELECT jsonb_array_length('{}')", ErrorCode::kInvalidParameter, "cannot get array length of a non-array",
       std::nullopt},
      {"SELECT * FROM jsonb_array_elements('1')", ErrorCode::kInvalidParameter, "cannot extract elements from a scalar",
       std::nullopt},
      {"SELECT '{}'::JSON #> 'a'", ErrorCode::kInvalidTextRepresentation, "", std::nullopt},
      {"SELECT '{}'::JSON || 'not json'", ErrorCode::kInvalidTextRepresentation, "", std::nullopt},
  };
  for (const Case& c : cases) {
    auto r = Query(c.sql);
    ASSERT_FALSE(r.ok()) << c.sql;
    EXPECT_EQ(r.error().code(), c.code) << c.sql << ": " << r.error().message();
    if (!c.message.empty()) {
      EXPECT_EQ(r.error().message(), c.message) << c.sql;
    }
    if (c.position) {
      EXPECT_EQ(r.error().position(), c.position) << c.sql;
    }
  }
}

}  // namespace
}  // namespace kalam::engine
