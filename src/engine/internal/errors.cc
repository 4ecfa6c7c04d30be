#include "engine/internal/errors.h"

#include <cstdlib>
#include <regex>

#include "common/strings.h"
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
    case ExceptionType::OUT_OF_RANGE:
    case ExceptionType::DIVIDE_BY_ZERO:
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

}  // namespace

Status FromEngine(const std::exception& ex, std::string_view sql) {
  return FromErrorData(duckdb::ErrorData(ex), sql);
}

Status FromErrorData(const duckdb::ErrorData& error, std::string_view sql) {
  std::string message = FirstLine(error.RawMessage());
  ErrorCode code = CodeFor(error.Type(), message);
  // PostgreSQL's wording for the most common binder error.
  static const std::regex kMissingColumn(R"re(Referenced column "([^"]*)" not found.*)re");
  std::smatch m;
  if (std::regex_match(message, m, kMissingColumn)) {
    message = "column \"" + m[1].str() + "\" does not exist";
  }
  std::optional<int> position;
  const auto& extra = error.ExtraInfo();
  if (auto it = extra.find("position"); it != extra.end()) {
    position = CharPosition(sql, std::strtoull(it->second.c_str(), nullptr, 10));
  }
  if (code == ErrorCode::kInternal) message = "internal error: " + message;
  return Status(code, std::move(message), position);
}

}  // namespace kalam::engine::internal
