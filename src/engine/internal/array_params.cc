#include "engine/internal/array_params.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/expression/function_expression.hpp"
#include "duckdb/parser/expression/operator_expression.hpp"
#include "duckdb/parser/expression/parameter_expression.hpp"
#include "duckdb/parser/expression/subquery_expression.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "engine/internal/expression_walk.h"

namespace kalam::engine::internal {
namespace {

using Json = nlohmann::json;

/// A parameter's number (`$3` → 3); 0 when it has none.
size_t NumberOf(const duckdb::ParameterExpression& p) {
  size_t n = 0;
  for (char c : p.identifier) {
    if (c < '0' || c > '9' || n > 1000000) return 0;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  return n;
}

/// The JSON array of scalars sent as `value`, if it is one.
std::optional<Json> ArrayOf(const Value& value) {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr || text->empty() || text->front() != '[') return std::nullopt;
  Json array = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!array.is_array()) return std::nullopt;
  for (const auto& e : array) {
    if (e.is_structured()) return std::nullopt;
  }
  return array;
}

/// `unnest($n)`: n, else 0.
size_t UnnestedParameter(const duckdb::ParsedExpression& expr) {
  if (expr.GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) return 0;
  const auto& fn = expr.Cast<duckdb::FunctionExpression>();
  if (fn.children.size() != 1 || fn.function_name != "unnest" ||
      fn.children[0]->GetExpressionClass() != duckdb::ExpressionClass::PARAMETER) {
    return 0;
  }
  return NumberOf(fn.children[0]->Cast<duckdb::ParameterExpression>());
}

/// `x = ANY($n)`, which DuckDB parses as `x = ANY (SELECT unnest($n))`: n, else 0.
size_t AnyOfParameter(const duckdb::ParsedExpression& expr) {
  if (expr.GetExpressionClass() != duckdb::ExpressionClass::SUBQUERY) return 0;
  const auto& sub = expr.Cast<duckdb::SubqueryExpression>();
  if (sub.subquery_type != duckdb::SubqueryType::ANY || sub.comparison_type != duckdb::ExpressionType::COMPARE_EQUAL ||
      !sub.child || !sub.subquery || !sub.subquery->node ||
      sub.subquery->node->type != duckdb::QueryNodeType::SELECT_NODE) {
    return 0;
  }
  const auto& node = sub.subquery->node->Cast<duckdb::SelectNode>();
  const bool bare = node.select_list.size() == 1 && !node.where_clause && !node.having && !node.qualify &&
                    node.groups.group_expressions.empty() && node.modifiers.empty() && node.cte_map.map.empty() &&
                    (!node.from_table || node.from_table->type == duckdb::TableReferenceType::EMPTY_FROM);
  return bare ? UnnestedParameter(*node.select_list[0]) : 0;
}

/// An element as a literal: text, so that it takes the type of what it is compared with.
duckdb::unique_ptr<duckdb::ParsedExpression> Literal(const Json& e) {
  if (e.is_null()) return duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value());
  return duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value(e.is_string() ? e.get<std::string>() : e.dump()));
}

/// The list value of an array for `unnest($n)`.
duckdb::Value ListOf(const Json& array) {
  bool integers = true, numbers = true, booleans = true;
  for (const auto& e : array) {
    if (e.is_null()) continue;
    integers = integers && e.is_number_integer() &&
               !(e.is_number_unsigned() && e.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX));
    numbers = numbers && e.is_number();
    booleans = booleans && e.is_boolean();
  }
  const duckdb::LogicalType type = array.empty() ? duckdb::LogicalType::SQLNULL
                                   : integers    ? duckdb::LogicalType::BIGINT
                                   : numbers     ? duckdb::LogicalType::DOUBLE
                                   : booleans    ? duckdb::LogicalType::BOOLEAN
                                                 : duckdb::LogicalType::VARCHAR;
  duckdb::vector<duckdb::Value> items;
  for (const auto& e : array) {
    if (e.is_null()) {
      items.emplace_back(type);
    } else if (type == duckdb::LogicalType::BIGINT) {
      items.push_back(duckdb::Value::BIGINT(e.get<int64_t>()));
    } else if (type == duckdb::LogicalType::DOUBLE) {
      items.push_back(duckdb::Value::DOUBLE(e.get<double>()));
    } else if (type == duckdb::LogicalType::BOOLEAN) {
      items.push_back(duckdb::Value::BOOLEAN(e.get<bool>()));
    } else {
      items.emplace_back(e.is_string() ? e.get<std::string>() : e.dump());
    }
  }
  return duckdb::Value::LIST(type, std::move(items));
}

}  // namespace

void BindArrayParameters(duckdb::SQLStatement& statement, const std::vector<Value>& sent,
                         duckdb::vector<duckdb::Value>& params) {
  auto array_sent = [&sent](size_t n) { return n > 0 && n <= sent.size() ? ArrayOf(sent[n - 1]) : std::nullopt; };
  if (std::none_of(sent.begin(), sent.end(), [](const Value& v) { return ArrayOf(v).has_value(); })) return;
  // `x = ANY($n)` → `x IN (…)`.
  ExpressionWalk([&](duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
    const size_t n = AnyOfParameter(*slot);
    auto array = array_sent(n);
    if (!array) return;
    auto& sub = slot->Cast<duckdb::SubqueryExpression>();
    duckdb::unique_ptr<duckdb::ParsedExpression> in;
    if (array->empty()) {
      in = duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value::BOOLEAN(false));
    } else {
      auto op = duckdb::make_uniq<duckdb::OperatorExpression>(duckdb::ExpressionType::COMPARE_IN);
      op->children.push_back(std::move(sub.child));
      for (const auto& e : *array) op->children.push_back(Literal(e));
      in = std::move(op);
    }
    in->SetAlias(slot->GetAlias());
    in->SetQueryLocation(slot->GetQueryLocation());
    slot = std::move(in);
  }).Statement(statement);
  // The parameters still named; a list for each other unnest($n) of an array.
  std::set<size_t> named;
  ExpressionWalk([&](duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
    if (slot->GetExpressionClass() == duckdb::ExpressionClass::PARAMETER) {
      named.insert(NumberOf(slot->Cast<duckdb::ParameterExpression>()));
    }
    const size_t n = UnnestedParameter(*slot);
    if (auto array = array_sent(n); array && n <= params.size()) params[n - 1] = ListOf(*array);
  }).Statement(statement);
  // Parameters no longer named go; later ones move down (in the statement's map of them too).
  bool renumbered = false;
  for (size_t n = params.size(); n >= 1; --n) {
    if (named.count(n) != 0 || !array_sent(n)) continue;
    renumbered = true;
    params.erase(params.begin() + static_cast<std::ptrdiff_t>(n - 1));
    ExpressionWalk([n](duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
      if (slot->GetExpressionClass() != duckdb::ExpressionClass::PARAMETER) return;
      auto& p = slot->Cast<duckdb::ParameterExpression>();
      if (const size_t m = NumberOf(p); m > n) p.identifier = std::to_string(m - 1);
    }).Statement(statement);
  }
  if (renumbered) {
    statement.named_param_map.clear();
    for (size_t n = 1; n <= params.size(); ++n) statement.named_param_map[std::to_string(n)] = n;
  }
}

}  // namespace kalam::engine::internal
