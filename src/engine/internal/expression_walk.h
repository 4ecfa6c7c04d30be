#pragma once

#include <functional>
#include <string>
#include <utility>

#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/expression/subquery_expression.hpp"
#include "duckdb/parser/parsed_expression_iterator.hpp"
#include "duckdb/parser/query_node.hpp"
#include "duckdb/parser/query_node/cte_node.hpp"
#include "duckdb/parser/query_node/recursive_cte_node.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/query_node/set_operation_node.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "duckdb/parser/tableref/joinref.hpp"
#include "duckdb/parser/tableref/subqueryref.hpp"

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

/// Calls `select` on every SELECT node of a query — the outermost, its CTEs, both sides of a set
/// operation or recursive CTE, the subqueries of its FROM (joins included) and, with
/// `expression_subqueries`, those inside its expressions (select list, WHERE, HAVING, QUALIFY,
/// join conditions) — and `from`, if given, on every FROM item on the way.
struct SelectNodeWalk {
  std::function<void(duckdb::SelectNode&)> select;
  std::function<void(duckdb::TableRef&)> from;
  bool expression_subqueries = false;

  void Node(duckdb::QueryNode& node) const {
    for (auto& [name, info] : node.cte_map.map) {
      if (info && info->query && info->query->node) Node(*info->query->node);
    }
    switch (node.type) {
      case duckdb::QueryNodeType::SELECT_NODE: {
        auto& s = node.Cast<duckdb::SelectNode>();
        select(s);
        if (s.from_table) Ref(*s.from_table);
        if (expression_subqueries) {
          for (auto& item : s.select_list) Subqueries(item.get());
          for (auto* clause : {s.where_clause.get(), s.having.get(), s.qualify.get()}) Subqueries(clause);
        }
        break;
      }
      case duckdb::QueryNodeType::SET_OPERATION_NODE: {
        auto& set_op = node.Cast<duckdb::SetOperationNode>();
        if (set_op.left) Node(*set_op.left);
        if (set_op.right) Node(*set_op.right);
        break;
      }
      case duckdb::QueryNodeType::RECURSIVE_CTE_NODE: {
        auto& cte = node.Cast<duckdb::RecursiveCTENode>();
        if (cte.left) Node(*cte.left);
        if (cte.right) Node(*cte.right);
        break;
      }
      case duckdb::QueryNodeType::CTE_NODE: {
        auto& cte = node.Cast<duckdb::CTENode>();
        if (cte.query) Node(*cte.query);
        if (cte.child) Node(*cte.child);
        break;
      }
      default:
        break;
    }
  }

 private:
  void Ref(duckdb::TableRef& ref) const {
    if (from) from(ref);
    if (ref.type == duckdb::TableReferenceType::SUBQUERY) {
      auto& sub = ref.Cast<duckdb::SubqueryRef>();
      if (sub.subquery && sub.subquery->node) Node(*sub.subquery->node);
    } else if (ref.type == duckdb::TableReferenceType::JOIN) {
      auto& join = ref.Cast<duckdb::JoinRef>();
      if (join.left) Ref(*join.left);
      if (join.right) Ref(*join.right);
      if (expression_subqueries) Subqueries(join.condition.get());
    }
  }

  void Subqueries(duckdb::ParsedExpression* expr) const {
    if (expr == nullptr) return;
    if (expr->GetExpressionClass() == duckdb::ExpressionClass::SUBQUERY) {
      auto& sub = expr->Cast<duckdb::SubqueryExpression>();
      if (sub.subquery && sub.subquery->node) Node(*sub.subquery->node);
      return;
    }
    duckdb::ParsedExpressionIterator::EnumerateChildren(
        *expr, [this](duckdb::unique_ptr<duckdb::ParsedExpression>& child) { Subqueries(child.get()); });
  }
};

}  // namespace kalam::engine::internal
