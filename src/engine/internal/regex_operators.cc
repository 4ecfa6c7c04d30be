#include "engine/internal/regex_operators.h"

#include <utility>

#include "common/strings.h"
#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/expression/function_expression.hpp"
#include "duckdb/parser/expression/operator_expression.hpp"
#include "duckdb/parser/expression/subquery_expression.hpp"
#include "duckdb/parser/parsed_expression_iterator.hpp"
#include "duckdb/parser/query_node.hpp"
#include "duckdb/parser/statement/select_statement.hpp"

namespace kalam::engine::internal {
namespace {

/// Whether the statement text at the expression's location starts with `op` (ASCII letters in any
/// case).
bool WrittenAs(const duckdb::ParsedExpression& expr, std::string_view sql, std::string_view op) {
  const auto location = expr.GetQueryLocation();
  if (!location.IsValid() || location.GetIndex() >= sql.size()) return false;
  const std::string_view text = sql.substr(location.GetIndex());
  return text.size() >= op.size() && EqualsIgnoreCase(text.substr(0, op.size()), op);
}

bool IsFullMatch(const duckdb::ParsedExpression& expr) {
  if (expr.GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) return false;
  const auto& fn = expr.Cast<duckdb::FunctionExpression>();
  return fn.function_name == "regexp_full_match" && fn.children.size() == 2;
}

/// `regexp_full_match(s, p)` → `regexp_matches(s, p[, 'i'])`, as an operator.
void ToContainsMatch(duckdb::FunctionExpression& fn, bool ignore_case) {
  fn.function_name = "regexp_matches";
  fn.is_operator = true;
  if (ignore_case) fn.children.push_back(duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value("i")));
}

class Rewriter {
 public:
  explicit Rewriter(std::string_view sql) : sql_(sql) {}

  void Node(duckdb::QueryNode& node) {
    duckdb::ParsedExpressionIterator::EnumerateQueryNodeChildren(
        node, [&](duckdb::unique_ptr<duckdb::ParsedExpression>& child) { Expression(child); });
  }

 private:
  void Expression(duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
    Rewrite(slot);
    if (slot->GetExpressionClass() == duckdb::ExpressionClass::SUBQUERY) {
      auto& sub = slot->Cast<duckdb::SubqueryExpression>();
      if (sub.subquery && sub.subquery->node) Node(*sub.subquery->node);
    }
    duckdb::ParsedExpressionIterator::EnumerateChildren(
        *slot, [&](duckdb::unique_ptr<duckdb::ParsedExpression>& child) { Expression(child); });
  }

  void Rewrite(duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
    duckdb::ParsedExpression& expr = *slot;
    if (IsFullMatch(expr) && WrittenAs(expr, sql_, "~")) {
      return ToContainsMatch(expr.Cast<duckdb::FunctionExpression>(), false);
    }
    if (IsFullMatch(expr) && WrittenAs(expr, sql_, "similar")) {
      expr.Cast<duckdb::FunctionExpression>().is_operator = true;  // a full match, named `?column?`
      return;
    }
    if (expr.GetExpressionType() == duckdb::ExpressionType::OPERATOR_NOT && WrittenAs(expr, sql_, "!~")) {
      // `s !~ p` is NOT over a full match whose own location is lost.
      auto& children = expr.Cast<duckdb::OperatorExpression>().children;
      if (children.size() == 1 && IsFullMatch(*children[0])) {
        ToContainsMatch(children[0]->Cast<duckdb::FunctionExpression>(), false);
      }
      return;
    }
    if (expr.GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) return;
    auto& fn = expr.Cast<duckdb::FunctionExpression>();
    if (!fn.is_operator || fn.children.size() != 2) return;
    if (fn.function_name == "~*") return ToContainsMatch(fn, true);
    if (fn.function_name == "!~*") {
      ToContainsMatch(fn, true);
      const std::string alias = slot->GetAlias();
      const auto location = slot->GetQueryLocation();
      slot->ClearAlias();
      auto negated = duckdb::make_uniq<duckdb::OperatorExpression>(duckdb::ExpressionType::OPERATOR_NOT, std::move(slot));
      negated->SetAlias(alias);
      negated->SetQueryLocation(location);
      slot = std::move(negated);
    }
  }

  std::string_view sql_;
};

}  // namespace

void RewriteRegexOperators(duckdb::SQLStatement& statement, std::string_view sql) {
  if (statement.type != duckdb::StatementType::SELECT_STATEMENT) return;
  auto& select = statement.Cast<duckdb::SelectStatement>();
  if (select.node) Rewriter(sql).Node(*select.node);
}

}  // namespace kalam::engine::internal
