#include "engine/internal/jsonb_functions.h"

#include <string>
#include <vector>

#include "duckdb/common/exception/conversion_exception.hpp"
#include "duckdb/function/function_binder.hpp"
#include "duckdb/function/scalar_function.hpp"
#include "duckdb/main/client_context.hpp"
#include "common/jsonb.h"
#include "engine/internal/pre_parse.h"
#include "engine/internal/row_function.h"

namespace kalam::engine::internal {
namespace {

using duckdb::LogicalType;
using duckdb::Value;
using jsonb::Json;
using Row = FunctionRow;

Json Parse(const Value& text) { return ParseJsonOrThrow(duckdb::StringValue::Get(text)); }

Value JsonValue(const Json& json) {
  Value out(jsonb::Dump(json));
  out.Reinterpret(LogicalType::JSON());
  return out;
}

Value Text(std::optional<std::string> text) { return text ? Value(std::move(*text)) : Value(LogicalType::VARCHAR); }

/// A text[] argument: a PostgreSQL array literal (`'{a,0}'`) or a list (ARRAY['a','0']).
jsonb::TextArray TextArrayOf(const Value& value) {
  if (value.type().id() != duckdb::LogicalTypeId::LIST) {
    return ValueOrThrow(jsonb::ParseTextArray(duckdb::StringValue::Get(value)));
  }
  jsonb::TextArray out;
  for (const Value& e : duckdb::ListValue::GetChildren(value)) {
    out.emplace_back(e.IsNull() ? std::nullopt : std::optional<std::string>(e.ToString()));
  }
  return out;
}

Value PathJson(const Row& row) {
  const Json json = Parse(row[0]);
  const Json* at = jsonb::AtPath(json, TextArrayOf(row[1]));
  return at ? JsonValue(*at) : Value(LogicalType::JSON());
}

Value PathText(const Row& row) {
  const Json json = Parse(row[0]);
  const Json* at = jsonb::AtPath(json, TextArrayOf(row[1]));
  return Text(at ? jsonb::AsText(*at) : std::nullopt);
}

Value ExtractPath(const Row& row, bool text) {
  const Json json = Parse(row[0]);
  jsonb::TextArray path;
  for (size_t i = 1; i < row.size(); ++i) path.emplace_back(duckdb::StringValue::Get(row[i]));
  const Json* at = jsonb::AtPath(json, path);
  if (text) return Text(at ? jsonb::AsText(*at) : std::nullopt);
  return at ? JsonValue(*at) : Value(LogicalType::JSON());
}
Value ExtractPathJson(const Row& row) { return ExtractPath(row, false); }
Value ExtractPathText(const Row& row) { return ExtractPath(row, true); }

Value HasKey(const Row& row) { return Value::BOOLEAN(jsonb::HasKey(Parse(row[0]), duckdb::StringValue::Get(row[1]))); }

template <bool kAll>
Value HasKeys(const Row& row) {
  const Json json = Parse(row[0]);
  for (const auto& key : TextArrayOf(row[1])) {
    if (!key) continue;  // PostgreSQL skips NULL keys
    if (jsonb::HasKey(json, *key) != kAll) return Value::BOOLEAN(!kAll);
  }
  return Value::BOOLEAN(kAll);
}

Value DeletePath(const Row& row) { return JsonValue(ValueOrThrow(jsonb::DeletePath(Parse(row[0]), TextArrayOf(row[1])))); }

Value DeleteKey(const Row& row) {
  return JsonValue(ValueOrThrow(jsonb::DeleteKey(Parse(row[0]), duckdb::StringValue::Get(row[1]))));
}

Value DeleteIndex(const Row& row) {
  return JsonValue(ValueOrThrow(jsonb::DeleteIndex(Parse(row[0]), row[1].GetValue<int64_t>())));
}

Value DeleteKeys(const Row& row) {
  Json json = Parse(row[0]);
  for (const auto& key : TextArrayOf(row[1])) {
    if (key) json = ValueOrThrow(jsonb::DeleteKey(json, *key));
  }
  return JsonValue(json);
}

Value Concat(const Row& row) { return JsonValue(jsonb::Concat(Parse(row[0]), Parse(row[1]))); }

Value Set(const Row& row) {
  const bool create = row.size() < 4 || row[3].GetValue<bool>();
  return JsonValue(ValueOrThrow(jsonb::SetPath(Parse(row[0]), TextArrayOf(row[1]), Parse(row[2]), create)));
}

Value Insert(const Row& row) {
  const bool after = row.size() >= 4 && row[3].GetValue<bool>();
  return JsonValue(ValueOrThrow(jsonb::InsertPath(Parse(row[0]), TextArrayOf(row[1]), Parse(row[2]), after)));
}

Value StripNulls(const Row& row) { return JsonValue(jsonb::StripNulls(Parse(row[0]))); }
Value Pretty(const Row& row) { return Value(jsonb::Pretty(Parse(row[0]))); }
Value TypeOf(const Row& row) { return Value(std::string(jsonb::TypeOf(Parse(row[0])))); }
Value ArrayLength(const Row& row) { return Value::INTEGER(ValueOrThrow(jsonb::ArrayLength(Parse(row[0])))); }

/// The elements of an array or the values of an object, as a list of JSON (or of text: kText).
template <bool kText>
Value ListOf(const Json& json) {
  duckdb::vector<Value> out;
  for (const Json& e : json) out.push_back(kText ? Text(jsonb::AsText(e)) : JsonValue(e));
  return Value::LIST(kText ? LogicalType::VARCHAR : LogicalType::JSON(), std::move(out));
}

/// PostgreSQL's error for `function` called on what it cannot take.
[[noreturn]] void CannotCall(const char* function, const Json& json) {
  throw duckdb::InvalidInputException(std::string("cannot call ") + function + " on " +
                                      (json.is_array() ? "an array" : json.is_object() ? "an object" : "a scalar"));
}

/// jsonb_array_elements(_text): the elements of an array.
template <bool kText>
Value Elements(const Row& row) {
  const Json json = Parse(row[0]);
  if (!json.is_array()) {
    throw duckdb::InvalidInputException(json.is_object() ? "cannot extract elements from an object"
                                                         : "cannot extract elements from a scalar");
  }
  return ListOf<kText>(json);
}

/// The values of an object, beside Keys for jsonb_each(_text).
template <bool kText>
Value Values(const Row& row) {
  const Json json = Parse(row[0]);
  if (!json.is_object()) CannotCall("jsonb_each", json);
  return ListOf<kText>(json);
}

Value Keys(const Row& row) {
  const Json json = Parse(row[0]);
  if (!json.is_object()) CannotCall("jsonb_object_keys", json);
  duckdb::vector<Value> out;
  for (const auto& [key, value] : json.items()) out.emplace_back(key);
  return Value::LIST(LogicalType::VARCHAR, std::move(out));
}

bool IsJson(const duckdb::Expression& e) { return e.return_type == LogicalType::JSON(); }
bool IsStringLiteral(const duckdb::Expression& e) {
  return e.return_type.id() == duckdb::LogicalTypeId::STRING_LITERAL ||
         (e.GetExpressionClass() == duckdb::ExpressionClass::BOUND_CONSTANT &&
          e.return_type.id() == duckdb::LogicalTypeId::VARCHAR && !IsJson(e));
}

duckdb::unique_ptr<duckdb::Expression> Bind(duckdb::FunctionBindExpressionInput& input, const char* name, bool is_operator) {
  duckdb::ErrorData error;
  auto bound =
      duckdb::FunctionBinder(input.context).BindScalarFunction(DEFAULT_SCHEMA, name, std::move(input.children), error, is_operator);
  if (!bound) error.Throw();
  return bound;
}

bool IsList(const duckdb::Expression& e) { return e.return_type.id() == duckdb::LogicalTypeId::LIST; }

/// `a || b`: jsonb's concatenation when one side is JSON and the other JSON too or a string
/// literal (PostgreSQL reads that literal as jsonb); an array and an element (`ARRAY[1] || 2`,
/// `0 || ARRAY[1]`) one list (list_concat with [element]), as PostgreSQL's anyarray || anyelement;
/// DuckDB's `||` otherwise.
duckdb::unique_ptr<duckdb::Expression> BindConcat(duckdb::FunctionBindExpressionInput& input) {
  const auto& a = *input.children[0];
  const auto& b = *input.children[1];
  const bool json = (IsJson(a) && (IsJson(b) || IsStringLiteral(b))) || (IsJson(b) && IsStringLiteral(a));
  if (json) return Bind(input, "kalam_jsonb_concat", false);
  const bool null_b = b.return_type.id() == duckdb::LogicalTypeId::SQLNULL;
  const bool null_a = a.return_type.id() == duckdb::LogicalTypeId::SQLNULL;
  for (size_t element : {size_t{1}, size_t{0}}) {
    const bool array = element == 1 ? IsList(a) && !IsList(b) && !null_b : IsList(b) && !IsList(a) && !null_a;
    if (!array) continue;
    duckdb::vector<duckdb::unique_ptr<duckdb::Expression>> one;
    one.push_back(std::move(input.children[element]));
    duckdb::FunctionBindExpressionInput wrap(input.context, input.bind_data, one);
    input.children[element] = Bind(wrap, "list_value", false);
    return Bind(input, "list_concat", false);
  }
  return Bind(input, "||", true);
}

/// `a - b`: jsonb's deletion (of a key, keys or an index) when `a` is JSON, DuckDB's `-` otherwise.
duckdb::unique_ptr<duckdb::Expression> BindMinus(duckdb::FunctionBindExpressionInput& input) {
  return IsJson(*input.children[0]) ? Bind(input, "kalam_jsonb_delete", false) : Bind(input, "-", true);
}

std::string_view Renamed(std::string_view postgres) {
  for (auto [op, name] : kJsonbOperatorNames) {
    if (op == postgres) return name;
  }
  return postgres;
}

}  // namespace

jsonb::Json ParseJsonOrThrow(std::string_view text) {
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw duckdb::ConversionException("invalid input syntax for type json");
  return parsed;
}

void RegisterJsonbFunctions(duckdb::Connection& admin) {
  const LogicalType json = LogicalType::JSON();
  const LogicalType text = LogicalType::VARCHAR;
  const LogicalType texts = LogicalType::LIST(LogicalType::VARCHAR);
  const LogicalType boolean = LogicalType::BOOLEAN;
  auto op = [](std::string_view postgres) { return std::string(Renamed(postgres)); };
  for (const LogicalType& path : {text, texts}) {
    AddRowFunction<PathJson>(admin, op("#>"), {json, path}, json);
    AddRowFunction<PathText>(admin, op("#>>"), {json, path}, text);
    AddRowFunction<HasKeys<false>>(admin, op("?|"), {json, path}, boolean);
    AddRowFunction<HasKeys<true>>(admin, op("?&"), {json, path}, boolean);
    AddRowFunction<DeletePath>(admin, op("#-"), {json, path}, json);
    AddRowFunction<Set>(admin, "jsonb_set", {json, path, json}, json);
    AddRowFunction<Set>(admin, "jsonb_set", {json, path, json, boolean}, json);
    AddRowFunction<Insert>(admin, "jsonb_insert", {json, path, json}, json);
    AddRowFunction<Insert>(admin, "jsonb_insert", {json, path, json, boolean}, json);
  }
  AddRowFunction<HasKey>(admin, op("?"), {json, text}, boolean);
  AddRowFunction<Concat>(admin, "kalam_jsonb_concat", {json, json}, json);
  AddRowFunction<DeleteKey>(admin, "kalam_jsonb_delete", {json, text}, json);
  AddRowFunction<DeleteIndex>(admin, "kalam_jsonb_delete", {json, LogicalType::BIGINT}, json);
  AddRowFunction<DeleteKeys>(admin, "kalam_jsonb_delete", {json, texts}, json);
  using Binding = std::pair<const char*, duckdb::function_bind_expression_t>;
  for (auto [name, bind] : {Binding{kConcat, BindConcat}, Binding{kMinus, BindMinus}}) {
    duckdb::ScalarFunction fn(name, {LogicalType::ANY, LogicalType::ANY}, LogicalType::ANY, nullptr);
    fn.bind_expression = bind;
    fn.null_handling = duckdb::FunctionNullHandling::SPECIAL_HANDLING;  // a NULL operand is bound as written
    RegisterScalarFunction(admin, std::move(fn));
  }
  for (const char* name : {"json_strip_nulls", "jsonb_strip_nulls"}) AddRowFunction<StripNulls>(admin, name, {json}, json);
  for (const char* name : {"json_typeof", "jsonb_typeof"}) AddRowFunction<TypeOf>(admin, name, {json}, text);
  AddRowFunction<Pretty>(admin, "jsonb_pretty", {json}, text);
  AddRowFunction<ArrayLength>(admin, "jsonb_array_length", {json}, LogicalType::INTEGER);
  AddRowFunction<ExtractPathJson>(admin, "jsonb_extract_path", {json}, json, text);
  AddRowFunction<ExtractPathText>(admin, "jsonb_extract_path_text", {json}, text, text);
  AddRowFunction<Elements<false>>(admin, "kalam_jsonb_elements", {json}, LogicalType::LIST(json));
  AddRowFunction<Elements<true>>(admin, "kalam_jsonb_elements_text", {json}, texts);
  AddRowFunction<Keys>(admin, "kalam_jsonb_keys", {json}, texts);
  AddRowFunction<Values<false>>(admin, "kalam_jsonb_values", {json}, LogicalType::LIST(json));
  AddRowFunction<Values<true>>(admin, "kalam_jsonb_values_text", {json}, texts);
}

}  // namespace kalam::engine::internal
