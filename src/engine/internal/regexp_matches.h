#pragma once

#include <cstddef>
#include <string_view>

#include "duckdb/parser/expression/function_expression.hpp"
#include "duckdb/parser/parsed_expression.hpp"

namespace kalam::engine::internal {

/// The capturing groups of a regular expression: `(` neither escaped, in a bracket class nor
/// followed by `?`.
size_t CapturingGroups(std::string_view pattern);

/// The rows PostgreSQL's set-returning regexp_matches(s, 'pattern' [, 'flags']) gives, as one list
/// for unnest: each match the list of its capturing groups' texts (the whole match's when the
/// pattern has none); every match with flag `g`, else the first; `i` ignores case. DuckDB's own
/// regexp_matches is a boolean (`SELECT regexp_matches(body, '#(\w+)', 'g')` gave `true` where
/// PostgreSQL gives a row per hashtag). nullptr when the pattern or the flags are not constants,
/// or a flag is other than g and i.
duckdb::unique_ptr<duckdb::ParsedExpression> RegexpMatchesList(const duckdb::FunctionExpression& fn);

}  // namespace kalam::engine::internal
