#pragma once

#include <cstdint>

#include "catalog/catalog.h"
#include "engine/engine.h"

namespace kalam::exec {

/// What statement handlers may use. Non-owning; everything outlives the executor.
struct ExecContext {
  catalog::Catalog* catalog = nullptr;
  engine::Engine* engine = nullptr;
  int64_t max_result_rows = 100000;
};

}  // namespace kalam::exec
