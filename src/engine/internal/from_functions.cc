#include "engine/internal/from_functions.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "common/strings.h"
#include "engine/internal/regexp_matches.h"
#include "duckdb/parser/expression/function_expression.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "duckdb/parser/tableref/emptytableref.hpp"
#include "duckdb/parser/tableref/subqueryref.hpp"

namespace kalam::engine::internal {
namespace {

enum class JsonRows { kElements, kElementsText, kKeys, kEach, kEachText };

struct JsonTableFunction {
  std::string_view name;
  JsonRows rows;
};

constexpr JsonTableFunction kFunctions[] = {
    {"json_array_elements", JsonRows::kElements},          {"jsonb_array_elements", JsonRows::kElements},
    {"json_array_elements_text", JsonRows::kElementsText}, {"jsonb_array_elements_text", JsonRows::kElementsText},
    {"json_object_keys", JsonRows::kKeys},                 {"jsonb_object_keys", JsonRows::kKeys},
    {"json_each", JsonRows::kEach},                        {"jsonb_each", JsonRows::kEach},
    {"json_each_text", JsonRows::kEachText},               {"jsonb_each_text", JsonRows::kEachText}};

/// unnest(list(argument)), named `alias`.
duckdb::unique_ptr<duckdb::ParsedExpression> UnnestOf(const char* list, duckdb::unique_ptr<duckdb::ParsedExpression> argument,
                                                      const std::string& alias = "") {
  duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> inner;
  inner.push_back(std::move(argument));
  duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> outer;
  outer.push_back(duckdb::make_uniq<duckdb::FunctionExpression>(list, std::move(inner)));
  auto unnest = duckdb::make_uniq<duckdb::FunctionExpression>("unnest", std::move(outer));
  unnest->SetAlias(alias);
  return unnest;
}

/// Scalar functions PostgreSQL users call in FROM: `FROM msgs, to_tsquery('cat') q WHERE … @@ q`.
bool IsScalarInFrom(const std::string& name) {
  static constexpr std::string_view kNames[] = {"to_tsquery", "plainto_tsquery", "phraseto_tsquery",
                                                "websearch_to_tsquery", "to_tsvector"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

/// `(SELECT f(…) AS column) AS alias`: one row, its column named as PostgreSQL names a base-type
/// function's in FROM (the alias, else the function).
duckdb::unique_ptr<duckdb::TableRef> ScalarAsRow(duckdb::TableFunctionRef& ref, const std::string& name) {
  auto node = duckdb::make_uniq<duckdb::SelectNode>();
  node->from_table = duckdb::make_uniq<duckdb::EmptyTableRef>();
  auto call = std::move(ref.function);
  call->SetAlias(ref.column_name_alias.empty() ? (ref.alias.empty() ? name : ref.alias) : ref.column_name_alias[0]);
  node->select_list.push_back(std::move(call));
  auto select = duckdb::make_uniq<duckdb::SelectStatement>();
  select->node = std::move(node);
  auto sub = duckdb::make_uniq<duckdb::SubqueryRef>(std::move(select), ref.alias.empty() ? name : ref.alias);
  sub->query_location = ref.query_location;
  return sub;
}

}  // namespace

duckdb::unique_ptr<duckdb::TableRef> ExpandFunctionInFrom(duckdb::TableFunctionRef& ref) {
  if (!ref.function || ref.function->GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) return nullptr;
  auto& fn = ref.function->Cast<duckdb::FunctionExpression>();
  if (!fn.catalog.empty() || !fn.schema.empty()) return nullptr;
  const std::string name = ToLowerAscii(fn.function_name);
  if (name == "generate_series" || name == "range" || (name == "unnest" && fn.children.size() == 1)) {
    // PostgreSQL names a one-column function's column after the alias: `FROM generate_series(1, 3) g`
    // reads `g` as the number (DuckDB: the row, {"generate_series": 1}).
    if (!ref.alias.empty() && ref.column_name_alias.empty()) ref.column_name_alias.push_back(ref.alias);
    return nullptr;
  }
  if (IsScalarInFrom(name)) return ScalarAsRow(ref, name);
  if (name == "regexp_matches") {
    auto list = RegexpMatchesList(fn);
    if (!list) return nullptr;
    duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> args;
    args.push_back(std::move(list));
    auto out = duckdb::make_uniq<duckdb::TableFunctionRef>();
    out->function = duckdb::make_uniq<duckdb::FunctionExpression>("unnest", std::move(args));
    out->alias = ref.alias;
    out->column_name_alias = ref.column_name_alias;
    if (out->column_name_alias.empty()) out->column_name_alias.push_back(ref.alias.empty() ? name : ref.alias);
    out->query_location = ref.query_location;
    return out;
  }
  if (fn.children.size() != 1) return nullptr;
  const JsonTableFunction* found = nullptr;
  for (const auto& f : kFunctions) {
    if (f.name == name) found = &f;
  }
  if (!found) return nullptr;
  auto argument = std::move(fn.children[0]);
  if (found->rows == JsonRows::kEach || found->rows == JsonRows::kEachText) {
    auto node = duckdb::make_uniq<duckdb::SelectNode>();
    node->from_table = duckdb::make_uniq<duckdb::EmptyTableRef>();
    node->select_list.push_back(UnnestOf("kalam_jsonb_keys", argument->Copy(), "key"));
    node->select_list.push_back(UnnestOf(
        found->rows == JsonRows::kEach ? "kalam_jsonb_values" : "kalam_jsonb_values_text", std::move(argument), "value"));
    auto select = duckdb::make_uniq<duckdb::SelectStatement>();
    select->node = std::move(node);
    auto sub = duckdb::make_uniq<duckdb::SubqueryRef>(std::move(select), ref.alias);
    sub->column_name_alias = ref.column_name_alias;
    sub->query_location = ref.query_location;
    return sub;
  }
  const char* list = found->rows == JsonRows::kElements       ? "kalam_jsonb_elements"
                     : found->rows == JsonRows::kElementsText ? "kalam_jsonb_elements_text"
                                                              : "kalam_jsonb_keys";
  auto out = duckdb::make_uniq<duckdb::TableFunctionRef>();
  out->function = UnnestOf(list, std::move(argument));
  out->alias = ref.alias;
  out->column_name_alias = ref.column_name_alias;
  if (out->column_name_alias.empty()) {
    // PostgreSQL's column: `value` (an OUT parameter), or the function's result named as the
    // function, or as the alias when one is written.
    out->column_name_alias.push_back(found->rows != JsonRows::kKeys ? "value"
                                     : ref.alias.empty()            ? name
                                                                    : ref.alias);
  }
  out->query_location = ref.query_location;
  return out;
}

}  // namespace kalam::engine::internal
