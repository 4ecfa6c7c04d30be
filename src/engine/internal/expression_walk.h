#pragma once

#include <functional>
#include <string>
#include <utility>

#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/expression/subquery_expression.hpp"
#include "duckdb/parser/parsed_expression_iterator.hpp"
#include "duckdb/parser/query_node.hpp"
#include "duckdb/parser/statement/select_statement.hpp"

namespace kalam::engine::internal {

/// The text of a constant, non-NULL VARCHAR expression (a pattern, a format); nullptr for anything
/// computed, NULL or of another type.
inline const std::string* ConstantText(const duckdb::ParsedExpression& e) {
  if (e.GetExpressionClass() != duckdb::ExpressionClass::CONSTANT) return nullptr;
  const duckdb::Value& v = e.Cast<duckdb::ConstantExpression>().value;
  if (v.IsNull() || v.type().id() != duckdb::LogicalTypeId::VARCHAR) return nullptr;
  return &duckdb::StringValue::Get(v);
}

/// Calls `rewrite` on every expression slot of a query node — subqueries, CTEs and FROM included —
/// before going into what the slot then holds.
class ExpressionWalk {
 public:
  using Rewrite = std::function<void(duckdb::unique_ptr<duckdb::ParsedExpression>&)>;
  explicit ExpressionWalk(Rewrite rewrite) : rewrite_(std::move(rewrite)) {}

  void Statement(duckdb::SQLStatement& statement) {
    if (statement.type != duckdb::StatementType::SELECT_STATEMENT) return;
    auto& select = statement.Cast<duckdb::SelectStatement>();
    if (select.node) Node(*select.node);
  }

 private:
  void Node(duckdb::QueryNode& node) {
    duckdb::ParsedExpressionIterator::EnumerateQueryNodeChildren(
        node, [&](duckdb::unique_ptr<duckdb::ParsedExpression>& child) { Expression(child); });
  }

  void Expression(duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
    rewrite_(slot);
    if (slot->GetExpressionClass() == duckdb::ExpressionClass::SUBQUERY) {
      auto& sub = slot->Cast<duckdb::SubqueryExpression>();
      if (sub.subquery && sub.subquery->node) Node(*sub.subquery->node);
    }
    duckdb::ParsedExpressionIterator::EnumerateChildren(
        *slot, [&](duckdb::unique_ptr<duckdb::ParsedExpression>& child) { Expression(child); });
  }

  Rewrite rewrite_;
};

}  // namespace kalam::engine::internal
