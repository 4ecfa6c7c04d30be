#pragma once

#include <string>

namespace kalam::sql {

/// A query (SELECT, WITH, VALUES, TABLE, FROM-first). Its text goes to the engine, which parses
/// it with its own PostgreSQL-dialect parser and applies the gate.
struct Select {
  std::string text;
};

}  // namespace kalam::sql
