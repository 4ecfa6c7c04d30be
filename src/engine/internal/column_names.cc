#include "engine/internal/column_names.h"

#include <string>
#include <utility>

#include <fmt/format.h>

#include "common/ids.h"
#include "common/strings.h"
#include "engine/internal/expression_walk.h"
#include "duckdb/parser/expression/cast_expression.hpp"
#include "duckdb/parser/expression/collate_expression.hpp"
#include "duckdb/parser/expression/columnref_expression.hpp"
#include "duckdb/parser/expression/function_expression.hpp"
#include "duckdb/parser/expression/operator_expression.hpp"
#include "duckdb/parser/expression/subquery_expression.hpp"
#include "duckdb/parser/expression/window_expression.hpp"
#include "duckdb/parser/query_node/cte_node.hpp"
#include "duckdb/parser/query_node/recursive_cte_node.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/query_node/set_operation_node.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "duckdb/parser/tableref/expressionlistref.hpp"
#include "duckdb/parser/tableref/joinref.hpp"
#include "duckdb/parser/tableref/subqueryref.hpp"

namespace kalam::engine::internal {
namespace {

constexpr const char* kNoName = "?column?";

/// How sure a name is, as PostgreSQL ranks them: a cast of a weak name is named after its type.
enum class Strength { kNone, kWeak, kStrong };

struct Name {
  std::string text;
  Strength strength = Strength::kNone;
};

/// The select list whose names are the result's: the leftmost SELECT of the outermost query.
duckdb::SelectNode* OutputNode(duckdb::QueryNode& node) {
  switch (node.type) {
    case duckdb::QueryNodeType::SELECT_NODE:
      return &node.Cast<duckdb::SelectNode>();
    case duckdb::QueryNodeType::SET_OPERATION_NODE: {
      auto& set_op = node.Cast<duckdb::SetOperationNode>();
      return set_op.left ? OutputNode(*set_op.left) : nullptr;
    }
    case duckdb::QueryNodeType::CTE_NODE: {
      auto& cte = node.Cast<duckdb::CTENode>();
      return cte.child ? OutputNode(*cte.child) : nullptr;
    }
    default:
      return nullptr;
  }
}

/// PostgreSQL's name of a type as a cast to it is named (`'1'::int` is `int4`).
std::string PostgresTypeName(const duckdb::LogicalType& type) {
  if (type.HasAlias()) return ToLowerAscii(type.GetAlias());
  switch (type.id()) {
    case duckdb::LogicalTypeId::SMALLINT:
      return "int2";
    case duckdb::LogicalTypeId::INTEGER:
      return "int4";
    case duckdb::LogicalTypeId::BIGINT:
      return "int8";
    case duckdb::LogicalTypeId::FLOAT:
      return "float4";
    case duckdb::LogicalTypeId::DOUBLE:
      return "float8";
    case duckdb::LogicalTypeId::DECIMAL:
      return "numeric";
    case duckdb::LogicalTypeId::BOOLEAN:
      return "bool";
    case duckdb::LogicalTypeId::VARCHAR:
      return "text";
    case duckdb::LogicalTypeId::BLOB:
      return "bytea";
    case duckdb::LogicalTypeId::TIMESTAMP_TZ:
      return "timestamptz";
    default:
      return ToLowerAscii(type.ToString());
  }
}

/// A function's name as PostgreSQL shows it; operators (`+`, `~~`, `->>`) have none.
Name FunctionName(const std::string& function) {
  if (!IsValidIdentifier(function)) return {};
  if (function == "count_star") return {"count", Strength::kStrong};  // DuckDB's count(*)
  if (function == "list_value") return {"array", Strength::kStrong};  // ARRAY[...]
  // `percentile_cont(0.5) WITHIN GROUP (ORDER BY x)`: DuckDB's parser calls it quantile_cont.
  if (function == "quantile_cont") return {"percentile_cont", Strength::kStrong};
  if (function == "quantile_disc") return {"percentile_disc", Strength::kStrong};
  return {ToLowerAscii(function), Strength::kStrong};
}

Name NameOf(const duckdb::ParsedExpression& expr);

Name FirstColumnName(const duckdb::SelectStatement& select) {
  duckdb::SelectNode* node = select.node ? OutputNode(*select.node) : nullptr;
  if (node == nullptr || node->select_list.empty()) return {};
  const auto& first = *node->select_list[0];
  if (first.HasAlias()) return {first.GetAlias(), Strength::kStrong};
  return NameOf(first);
}

Name NameOf(const duckdb::ParsedExpression& expr) {
  switch (expr.GetExpressionClass()) {
    case duckdb::ExpressionClass::COLUMN_REF:
      return {expr.Cast<duckdb::ColumnRefExpression>().GetColumnName(), Strength::kStrong};
    case duckdb::ExpressionClass::FUNCTION: {
      const auto& function = expr.Cast<duckdb::FunctionExpression>();
      if (function.is_operator) return {};
      return FunctionName(function.function_name);
    }
    case duckdb::ExpressionClass::WINDOW:
      return FunctionName(expr.Cast<duckdb::WindowExpression>().function_name);
    case duckdb::ExpressionClass::CAST: {
      const auto& cast = expr.Cast<duckdb::CastExpression>();
      Name inner = NameOf(*cast.child);
      if (inner.strength == Strength::kStrong) return inner;
      return {PostgresTypeName(cast.cast_type), Strength::kStrong};
    }
    case duckdb::ExpressionClass::COLLATE:
      return NameOf(*expr.Cast<duckdb::CollateExpression>().child);
    case duckdb::ExpressionClass::CASE:
      return {"case", Strength::kWeak};
    case duckdb::ExpressionClass::OPERATOR: {
      const auto& op = expr.Cast<duckdb::OperatorExpression>();
      switch (expr.GetExpressionType()) {
        case duckdb::ExpressionType::OPERATOR_COALESCE:
          return {"coalesce", Strength::kStrong};
        case duckdb::ExpressionType::OPERATOR_NULLIF:
          return {"nullif", Strength::kStrong};
        case duckdb::ExpressionType::ARRAY_CONSTRUCTOR:
          return {"array", Strength::kStrong};
        case duckdb::ExpressionType::ARRAY_EXTRACT:  // a[1] is named after a
          return op.children.empty() ? Name{} : NameOf(*op.children[0]);
        default:
          return {};
      }
    }
    case duckdb::ExpressionClass::SUBQUERY: {
      const auto& subquery = expr.Cast<duckdb::SubqueryExpression>();
      switch (subquery.subquery_type) {
        case duckdb::SubqueryType::EXISTS:
          return {"exists", Strength::kStrong};
        case duckdb::SubqueryType::SCALAR:
          return subquery.subquery ? FirstColumnName(*subquery.subquery) : Name{};
        default:
          return {};
      }
    }
    default:
      return {};
  }
}

void NameSelectList(duckdb::SelectNode& node) {
  for (auto& expr : node.select_list) {
    if (!expr || expr->HasAlias()) continue;
    const auto kind = expr->GetExpressionClass();
    if (kind == duckdb::ExpressionClass::COLUMN_REF || kind == duckdb::ExpressionClass::STAR) continue;
    Name name = NameOf(*expr);
    expr->SetAlias(name.strength == Strength::kNone ? std::string(kNoName) : std::move(name.text));
  }
}

/// VALUES (…) in FROM: PostgreSQL's column1, column2, … (DuckDB's col0, col1, …).
void NameValuesList(duckdb::TableRef& ref) {
  if (ref.type != duckdb::TableReferenceType::EXPRESSION_LIST) return;
  auto& values = ref.Cast<duckdb::ExpressionListRef>();
  if (values.expected_names.empty() && !values.values.empty()) {
    for (size_t i = 0; i < values.values[0].size(); ++i) {
      values.expected_names.push_back(fmt::format("column{}", i + 1));
    }
  }
}

}  // namespace

void NameColumnsLikePostgres(duckdb::SQLStatement& statement) {
  if (statement.type != duckdb::StatementType::SELECT_STATEMENT) return;
  auto& select = statement.Cast<duckdb::SelectStatement>();
  // The select lists whose names reach the result: the query's, and those of its CTEs and of the
  // subqueries in FROM (`SELECT * FROM (SELECT count(*) ...)` shows `count` too).
  if (select.node) SelectNodeWalk{NameSelectList, NameValuesList}.Node(*select.node);
}

}  // namespace kalam::engine::internal
