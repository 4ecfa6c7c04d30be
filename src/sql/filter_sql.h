#pragma once

#include <string>

#include "sql/ast/live_query.h"

namespace kalam::sql {

/// The filter as SQL text the engine parses back to the same meaning (identifiers quoted,
/// literals escaped, every operator parenthesised).
std::string FilterToSql(const FilterExpr& expr);

}  // namespace kalam::sql
