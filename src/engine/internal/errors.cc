#include "engine/internal/errors.h"

#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "common/strings.h"
#include "engine/internal/pre_parse.h"
#include "duckdb.hpp"
#include "duckdb/common/error_data.hpp"

namespace kalam::engine::internal {
namespace {

std::string FirstLine(const std::string& s) {
  auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

ErrorCode CodeFor(duckdb::ExceptionType type, const std::string& message) {
  using duckdb::ExceptionType;
  switch (type) {
    case ExceptionType::PARSER:
    case ExceptionType::SYNTAX:
      return ErrorCode::kSyntaxError;
    case ExceptionType::BINDER:
      return message.find("column") != std::string::npos ? ErrorCode::kColumnNotFound
                                                         : ErrorCode::kDatatypeMismatch;
    case ExceptionType::CATALOG:
      return message.find("Table") != std::string::npos ? ErrorCode::kTableNotFound
                                                        : ErrorCode::kDatatypeMismatch;
    case ExceptionType::CONVERSION:
      return ErrorCode::kInvalidTextRepresentation;
    case ExceptionType::MISMATCH_TYPE:
      return ErrorCode::kDatatypeMismatch;
    case ExceptionType::DIVIDE_BY_ZERO:
      return ErrorCode::kDivisionByZero;
    case ExceptionType::OUT_OF_RANGE:
    case ExceptionType::INVALID_INPUT:
    case ExceptionType::PARAMETER_NOT_RESOLVED:
    case ExceptionType::PARAMETER_NOT_ALLOWED:
      return ErrorCode::kInvalidParameter;
    case ExceptionType::INTERRUPT:
      return ErrorCode::kQueryCanceled;
    case ExceptionType::OUT_OF_MEMORY:
      return ErrorCode::kProgramLimitExceeded;
    case ExceptionType::PERMISSION:
      return ErrorCode::kPermissionDenied;
    case ExceptionType::NOT_IMPLEMENTED:
      return ErrorCode::kFeatureNotSupported;
    case ExceptionType::CONSTRAINT:
      return ErrorCode::kUniqueViolation;
    default:
      return ErrorCode::kInternal;
  }
}

/// PostgreSQL's name of a DuckDB physical type in a conversion error (`INT32` is `integer`).
std::string PostgresTypeOf(const std::string& duck) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"INT16", "smallint"},
      {"INT32", "integer"},
      {"INT64", "bigint"},
      {"INT128", "uuid"},  // DuckDB reads a UUID's text as an int128 (KalamDB has no HUGEINT)
      {"FLOAT", "real"},
      {"DOUBLE", "double precision"},
      {"BOOL", "boolean"},
      {"DATE", "date"},
      {"TIME", "time"},
      {"TIMESTAMP", "timestamp"},
      {"UUID", "uuid"},
      {"BLOB", "bytea"},
  };
  for (const auto& [from, to] : kNames) {
    if (duck == from) return to;
  }
  if (duck.rfind("DECIMAL", 0) == 0) return "numeric";
  return ToLowerAscii(duck);
}

/// PostgreSQL's name of a DuckDB logical type in a binder error (`VARCHAR` is `text`, a string
/// literal `unknown`).
std::string PostgresTypeName(std::string duck) {
  if (duck.ends_with("[]")) return PostgresTypeName(duck.substr(0, duck.size() - 2)) + "[]";
  static const std::pair<const char*, const char*> kNames[] = {
      {"STRING_LITERAL", "unknown"}, {"INTEGER_LITERAL", "integer"}, {"VARCHAR", "text"},
      {"SMALLINT", "smallint"},      {"INTEGER", "integer"},         {"BIGINT", "bigint"},
      {"TIMESTAMP", "timestamp without time zone"},                  {"TIMESTAMP WITH TIME ZONE", "timestamp with time zone"},
  };
  for (const auto& [from, to] : kNames) {
    if (duck == from) return to;
  }
  return PostgresTypeOf(duck);
}

/// `function f(integer) does not exist` or `operator does not exist: json - boolean`, for DuckDB's
/// "No function matches the given name and argument types 'name(TYPES)'". An operator of
/// kJsonbOperatorNames is named as it was written.
std::string NoSuchFunction(const std::string& name, const std::string& types) {
  std::vector<std::string> args;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= types.size(); ++i) {
    if (i == types.size() || (types[i] == ',' && depth == 0)) {
      std::string arg = types.substr(start, i - start);
      while (!arg.empty() && arg.front() == ' ') arg.erase(0, 1);
      if (!arg.empty()) args.push_back(PostgresTypeName(arg));
      start = i + 1;
    } else if (types[i] == '(') {
      ++depth;
    } else if (types[i] == ')') {
      --depth;
    }
  }
  const bool is_operator = name.find_first_not_of("+-*/<>=~!@#%^&|`?") == std::string::npos;
  if (!is_operator) {
    std::string out = "function " + name + "(";
    for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
    return out + ") does not exist";
  }
  std::string op = name == "//" ? "/" : name;  // `/` between integers is parsed as DuckDB's `//`
  for (auto [postgres, duck] : kJsonbOperatorNames) {
    if (duck == name) op = std::string(postgres);
  }
  if (args.size() == 2) return "operator does not exist: " + args[0] + " " + op + " " + args[1];
  return "operator does not exist: " + op + " " + (args.empty() ? "" : args[0]);
}

/// PostgreSQL's wording (and SQLSTATE) for the errors users meet most, where DuckDB's differs.
void PostgresWording(std::string& message, ErrorCode& code) {
  static const std::regex kMissingColumn(R"re(Referenced column "([^"]*)" (was )?not found.*)re");
  static const std::regex kMissingTable(R"re(Referenced table "([^"]*)" not found.*)re");
  static const std::regex kMissingFunction(
      R"re((Scalar|Aggregate|Table) Function with name "?([^" ]+)"? does not exist!?.*)re");
  static const std::regex kNotGrouped(R"re(column "([^"]*)" must appear in the GROUP BY clause.*)re");
  static const std::regex kBadText(R"re(Could not convert string ['"](.*)['"] to ([A-Z0-9_(), ]+))re");
  static const std::regex kAmbiguous(R"re(Ambiguous reference to column name "([^"]*)".*)re");
  static const std::regex kBadJson(R"re(Malformed JSON.*Input: "(.*)")re");
  static const std::regex kOverflow(R"re(Overflow in \w+ of (INT16|INT32|INT64) \(.*)re");
  static const std::regex kCastRange(
      R"re(Type \S+ with value .* can't be cast because the value is out of range for the destination type (\S+))re");
  static const std::regex kDecimalRange(R"re(Could not cast value .* to DECIMAL\(\d+,\d+\))re");
  static const std::regex kNoMatch(
      R"re(No function matches the given name and argument types '([^(]+)\((.*)\)'\..*)re");
  static const std::regex kBadTime(R"re(invalid (date|time|timestamp) field format: "(.*)", expected format.*)re");
  std::smatch m;
  if (message.starts_with("Like pattern must not end with escape character")) {
    message = "LIKE pattern must not end with escape character";
    code = ErrorCode::kInvalidParameter;
  } else if (message.starts_with("Max expression depth limit of") ||
             message.starts_with("memory exhausted")) {
    // (DuckDB's advice to SET max_expression_depth is not the caller's to follow; the parser's
    // "memory exhausted" is its stack of nested expressions running out.)
    message = "statement too complex: expressions nested too deeply";
    code = ErrorCode::kProgramLimitExceeded;
  } else if (message.starts_with("SELECT locking clause is not supported")) {
    message =
        "SELECT … FOR UPDATE/SHARE is not supported: there are no transactions, every statement commits on its own";
    code = ErrorCode::kFeatureNotSupported;
  } else if (std::regex_match(message, m, kMissingColumn)) {
    message = "column \"" + m[1].str() + "\" does not exist";
  } else if (std::regex_match(message, m, kMissingTable)) {
    message = "missing FROM-clause entry for table \"" + m[1].str() + "\"";
    code = ErrorCode::kTableNotFound;
  } else if (std::regex_match(message, m, kMissingFunction)) {
    message = "function " + m[2].str() + " does not exist";
    code = ErrorCode::kUndefinedFunction;
  } else if (std::regex_match(message, m, kNotGrouped)) {
    message = "column \"" + m[1].str() + "\" must appear in the GROUP BY clause or be used in an aggregate function";
    code = ErrorCode::kGroupingError;
  } else if (std::regex_match(message, m, kBadText)) {
    const std::string text = m[1].str();
    const std::string type = PostgresTypeOf(m[2].str());
    const bool integer = type == "smallint" || type == "integer" || type == "bigint";
    const size_t digits = text.find_first_not_of("+-") == 1 ? 1 : 0;  // one sign at most
    if (integer && text.size() > digits && text.find_first_not_of("0123456789", digits) == std::string::npos) {
      message = "value \"" + text + "\" is out of range for type " + type;
      code = ErrorCode::kNumericValueOutOfRange;
    } else {
      message = "invalid input syntax for type " + type + ": \"" + text + "\"";
    }
  } else if (std::regex_match(message, m, kDecimalRange)) {
    message = "numeric field overflow";
    code = ErrorCode::kNumericValueOutOfRange;
  } else if (std::regex_match(message, m, kOverflow) || std::regex_match(message, m, kCastRange)) {
    const std::string type = PostgresTypeOf(m[1].str());
    message = type.rfind("numeric", 0) == 0 ? "numeric field overflow" : type + " out of range";
    code = ErrorCode::kNumericValueOutOfRange;
  } else if (std::regex_match(message, m, kAmbiguous)) {
    message = "column reference \"" + m[1].str() + "\" is ambiguous";
    code = ErrorCode::kAmbiguousColumn;
  } else if (std::regex_match(message, m, kBadJson)) {
    message = "invalid input syntax for type json: \"" + m[1].str() + "\"";
    code = ErrorCode::kInvalidTextRepresentation;
  } else if (std::regex_match(message, m, kNoMatch)) {
    message = NoSuchFunction(m[1].str(), m[2].str());
    code = ErrorCode::kUndefinedFunction;
  } else if (std::regex_match(message, m, kBadTime)) {
    message = "invalid input syntax for type " + m[1].str() + ": \"" + m[2].str() + "\"";
  }
}

}  // namespace

Status FromEngine(const std::exception& ex, std::string_view sql) {
  return FromErrorData(duckdb::ErrorData(ex), sql);
}

Status FromErrorData(const duckdb::ErrorData& error, std::string_view sql) {
  std::string raw = error.RawMessage();
  // `f(col->'k')` with no column `col`: DuckDB tried `->` as a lambda too and reports both
  // failures, the lambda's first; the missing column is what PostgreSQL reports.
  if (EqualsIgnoreCase(std::string_view(raw).substr(0, 31), "failed to bind function, either")) {
    if (const size_t at = raw.find("Referenced column"); at != std::string::npos) raw.erase(0, at);
  }
  std::string message = FirstLine(raw);
  ErrorCode code = CodeFor(error.Type(), message);
  PostgresWording(message, code);
  std::optional<int> position;
  const auto& extra = error.ExtraInfo();
  if (auto it = extra.find("position"); it != extra.end()) {
    position = CharPosition(sql, std::strtoull(it->second.c_str(), nullptr, 10));
  }
  if (code == ErrorCode::kInternal) message = "internal error: " + message;
  return Status(code, std::move(message), position);
}

}  // namespace kalam::engine::internal
