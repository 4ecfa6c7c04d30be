// Text from INSERT literals and parameters coerced to every column type: clean errors only, and a
// value kept as text (TEXT, DECIMAL, UUID, JSON) coerces again to itself.
#include <cstdint>
#include <string>

#include "common/value_coerce.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using kalam::TypeId;
  static const kalam::DataType kTypes[] = {
      kalam::DataType::Of(TypeId::kBoolean), kalam::DataType::Of(TypeId::kSmallInt), kalam::DataType::Of(TypeId::kInt),
      kalam::DataType::Of(TypeId::kBigInt),  kalam::DataType::Of(TypeId::kReal),     kalam::DataType::Of(TypeId::kDouble),
      kalam::DataType::Decimal(10, 2),       kalam::DataType::Of(TypeId::kText),     kalam::DataType::Of(TypeId::kTimestamp),
      kalam::DataType::Of(TypeId::kDate),    kalam::DataType::Of(TypeId::kTime),     kalam::DataType::Of(TypeId::kJson),
      kalam::DataType::Of(TypeId::kBytes),   kalam::DataType::Of(TypeId::kUuid),
  };
  const kalam::DataType& type = kTypes[data[0] % (sizeof(kTypes) / sizeof(kTypes[0]))];
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto value = kalam::CoerceValue(kalam::Value(text), type);
  if (!value.ok()) return 0;
  if (!std::holds_alternative<std::string>(*value) || type.id == TypeId::kBytes) return 0;
  auto again = kalam::CoerceValue(*value, type);
  if (!again.ok() || *again != *value) __builtin_trap();
  return 0;
}
