#include "engine/internal/text_search_functions.h"

#include <cmath>
#include <string>

#include "engine/internal/row_function.h"
#include "engine/internal/text_search.h"

namespace kalam::engine::internal {
namespace {

namespace ts = text_search;
using duckdb::LogicalType;
using duckdb::Value;

LogicalType Alias(const char* name) {
  LogicalType t(duckdb::LogicalTypeId::VARCHAR);
  t.SetAlias(name);
  return t;
}
const LogicalType& TsVectorType() {
  static const LogicalType t = Alias("tsvector");
  return t;
}
const LogicalType& TsQueryType() {
  static const LogicalType t = Alias("tsquery");
  return t;
}

Value Typed(std::string text, const LogicalType& type) {
  Value out(std::move(text));
  out.Reinterpret(type);
  return out;
}

const std::string& Text(const Value& v) { return duckdb::StringValue::Get(v); }

/// The configuration argument of a two-argument form, `english` for the one-argument form.
ts::Config ConfigOf(const FunctionRow& row) {
  return row.size() < 2 ? ts::Config::kEnglish : ValueOrThrow(ts::ParseConfig(Text(row[0])));
}
const std::string& LastText(const FunctionRow& row) { return Text(row.back()); }

Value ToTsVector(const FunctionRow& row) {
  return Typed(ts::ToText(ts::ToTsVector(ConfigOf(row), LastText(row))), TsVectorType());
}
Value ToTsQuery(const FunctionRow& row) {
  return Typed(ts::ToText(ValueOrThrow(ts::ToTsQuery(ConfigOf(row), LastText(row)))), TsQueryType());
}
Value PlainToTsQuery(const FunctionRow& row) {
  return Typed(ts::ToText(ts::PlainToTsQuery(ConfigOf(row), LastText(row))), TsQueryType());
}
Value PhraseToTsQuery(const FunctionRow& row) {
  return Typed(ts::ToText(ts::PhraseToTsQuery(ConfigOf(row), LastText(row))), TsQueryType());
}
Value WebSearchToTsQuery(const FunctionRow& row) {
  return Typed(ts::ToText(ts::WebSearchToTsQuery(ConfigOf(row), LastText(row))), TsQueryType());
}

/// `vector @@ query` (kSwapped: `query @@ vector`; kText: the vector is a text read as `english`).
template <bool kSwapped, bool kText>
Value Match(const FunctionRow& row) {
  const Value& vector = row[kSwapped ? 1 : 0];
  const Value& query = row[kSwapped ? 0 : 1];
  const ts::TsVector v = kText ? ts::ToTsVector(ts::Config::kEnglish, Text(vector)) : ValueOrThrow(ts::ParseTsVector(Text(vector)));
  return Value::BOOLEAN(ts::Matches(v, ValueOrThrow(ts::ParseTsQuery(Text(query)))));
}

/// `text @@ text`: to_tsvector(a) @@ plainto_tsquery(b), as PostgreSQL's.
Value MatchTexts(const FunctionRow& row) {
  return Value::BOOLEAN(ts::Matches(ts::ToTsVector(ts::Config::kEnglish, Text(row[0])),
                                    ts::PlainToTsQuery(ts::Config::kEnglish, Text(row[1]))));
}

Value Rank(const FunctionRow& row) {
  const ts::TsVector v = ValueOrThrow(ts::ParseTsVector(Text(row[0])));
  double rank = ts::Rank(v, ValueOrThrow(ts::ParseTsQuery(Text(row[1]))));
  const int32_t normalization = row.size() > 2 ? row[2].GetValue<int32_t>() : 0;
  if (normalization & ~3) ThrowStatus(Status(ErrorCode::kFeatureNotSupported, "ts_rank normalization other than 0, 1 and 2"));
  size_t length = 0;
  for (const auto& [lexeme, positions] : v) length += positions.size();
  if ((normalization & 1) != 0 && !v.empty()) rank /= std::log2(static_cast<double>(length) + 1.0);
  if ((normalization & 2) != 0 && length > 0) rank /= static_cast<double>(length);
  return Value::FLOAT(static_cast<float>(rank));
}

}  // namespace

void RegisterTextSearchFunctions(duckdb::Connection& admin) {
  const LogicalType text = LogicalType::VARCHAR;
  const LogicalType& vector = TsVectorType();
  const LogicalType& query = TsQueryType();
  for (size_t arity : {1, 2}) {  // ([config,] text)
    const duckdb::vector<LogicalType> args(arity, text);
    AddRowFunction<ToTsVector>(admin, "to_tsvector", args, vector);
    AddRowFunction<ToTsQuery>(admin, "to_tsquery", args, query);
    AddRowFunction<PlainToTsQuery>(admin, "plainto_tsquery", args, query);
    AddRowFunction<PhraseToTsQuery>(admin, "phraseto_tsquery", args, query);
    AddRowFunction<WebSearchToTsQuery>(admin, "websearch_to_tsquery", args, query);
  }
  AddRowFunction<Match<false, false>>(admin, "@@", {vector, query}, LogicalType::BOOLEAN);
  AddRowFunction<Match<true, false>>(admin, "@@", {query, vector}, LogicalType::BOOLEAN);
  AddRowFunction<Match<false, true>>(admin, "@@", {text, query}, LogicalType::BOOLEAN);
  AddRowFunction<MatchTexts>(admin, "@@", {text, text}, LogicalType::BOOLEAN);
  AddRowFunction<Rank>(admin, "ts_rank", {vector, query}, LogicalType::FLOAT);
  AddRowFunction<Rank>(admin, "ts_rank", {vector, query, LogicalType::INTEGER}, LogicalType::FLOAT);
}

}  // namespace kalam::engine::internal
