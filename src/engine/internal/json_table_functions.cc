#include "engine/internal/json_table_functions.h"

#include <string>
#include <string_view>
#include <utility>

#include "common/strings.h"
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

}  // namespace

duckdb::unique_ptr<duckdb::TableRef> ExpandJsonTableFunction(duckdb::TableFunctionRef& ref) {
  if (!ref.function || ref.function->GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) return nullptr;
  auto& fn = ref.function->Cast<duckdb::FunctionExpression>();
  if (!fn.catalog.empty() || !fn.schema.empty() || fn.children.size() != 1) return nullptr;
  const std::string name = ToLowerAscii(fn.function_name);
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
