#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace kalam::engine::internal {

/// PostgreSQL's to_char(number, pattern) (no DuckDB here: postgres_format.h registers it as
/// kToCharNumber, and postgres_rewrites.cc sends to_char there when the pattern is a number's).

/// Whether `pattern` formats a number: a 9 or 0 outside double quotes, or RN.
bool IsNumberPattern(std::string_view pattern);

/// `number` (the text of an integer, a decimal or a double: `-12.50`, `1e+20`, `inf`) formatted as
/// PostgreSQL does with the C locale: 9 (a digit, blank when insignificant), 0 (a digit, zero
/// when insignificant), `.`/D (the decimal point), `,`/G (a group separator, blank before the
/// first digit), S, MI, PL, SG, PR (sign positions; without one, a column for `-` before the
/// number), FM (no padding, no trailing zeros of 9s), TH/th (ordinal suffix), V (times 10^n),
/// EEEE (scientific), RN (Roman numerals), "quoted text" and other characters as written. A
/// number too wide for its digits shows `#` in each. INVALID_PARAMETER for L (a currency symbol)
/// and for a pattern PostgreSQL refuses; INVALID_TEXT_REPRESENTATION when `number` is not one.
Result<std::string> FormatNumber(std::string_view number, std::string_view pattern);

}  // namespace kalam::engine::internal
