#pragma once

#include <string>
#include <string_view>

#include "link/core/result.h"

namespace kalam::cli {

enum class OutputFormat : uint8_t { kTable, kJson, kCsv };

/// A cell as text: strings as they are, numbers and bools as JSON prints them, JSON values as
/// compact JSON, NULL as "" (psql's default).
std::string CellText(const link::Cell& cell);

/// psql's aligned format: centred header, `-+-` rule, numbers right-aligned, multi-line values
/// with `+` markers, `(N rows)` and a blank line.
std::string FormatAligned(const link::QueryResult& result);
/// psql's `\x` format: one `-[ RECORD n ]` block per row.
std::string FormatExpanded(const link::QueryResult& result);
/// A JSON array of row objects (keys in column order); statements without rows:
/// `{"row_count":N,"message":"…"}`. One line.
std::string FormatJson(const link::QueryResult& result);
/// RFC 4180: a header line and one line per row (CRLF-free: `\n`), fields quoted when needed.
std::string FormatCsv(const link::QueryResult& result);

/// psql's error report: `ERROR:  message`, plus `LINE n: …` and a caret under `position` (1-based
/// character offset into `sql`) when the error has one.
std::string FormatError(const link::Error& error, std::string_view sql);

}  // namespace kalam::cli
