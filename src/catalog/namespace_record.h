#pragma once

#include <cstdint>

#include "common/ids.h"
#include "serde/serde.h"

namespace kalam::catalog {

/// A row of system.namespaces.
struct NamespaceRecord {
  NamespaceId id;
  int64_t created_at_us = 0;

  std::string Key() const { return id.value(); }
  void Serialize(serde::Writer& w) const;
  static Result<NamespaceRecord> Deserialize(const serde::Reader& r);
};

}  // namespace kalam::catalog
