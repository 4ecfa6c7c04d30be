#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kalam::link {

// The client's model of KalamDB's answers (CONTRACT §2). The core uses only the standard library
// and header-only JSON, so it also compiles to WebAssembly for the TypeScript SDK.

/// One cell as the server sent it: null, a string (BIGINT, TIMESTAMP, TEXT, …), a number, a bool,
/// or a JSON value (JSON columns).
using Cell = nlohmann::json;
using CellRow = std::vector<Cell>;

struct Column {
  std::string name;
  std::string data_type;
};

/// An error as the server reports it (or as the client makes one: code "CONNECTION_ERROR").
struct Error {
  std::string code;
  std::string sqlstate;
  std::string message;
  /// 1-based character position in the SQL text, when the error has one.
  std::optional<int> position;
  std::optional<int> statement_index;
  int http_status = 0;
};

/// The outcome of one statement.
struct QueryResult {
  /// True for statements that return rows (even zero rows).
  bool has_rows = false;
  std::vector<Column> columns;
  std::vector<CellRow> rows;
  int64_t row_count = 0;
  std::string message;
};

/// The answer to one POST /v1/api/sql: the results of the statements that ran and, when one failed,
/// its error (earlier statements stay committed).
struct Response {
  std::vector<QueryResult> results;
  std::optional<Error> error;
  double took_ms = 0;
};

}  // namespace kalam::link
