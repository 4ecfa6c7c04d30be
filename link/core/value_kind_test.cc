#include "link/core/value_kind.h"

#include <gtest/gtest.h>

namespace kalam::link {
namespace {

TEST(ValueKind, MapsReportedTypesIgnoringModifiers) {
  EXPECT_EQ(ValueKindOf("BIGINT"), ValueKind::kBigInt);
  EXPECT_EQ(ValueKindOf("INT"), ValueKind::kInteger);
  EXPECT_EQ(ValueKindOf("DECIMAL(10,2)"), ValueKind::kDecimal);
  EXPECT_EQ(ValueKindOf("TIMESTAMP"), ValueKind::kTimestamp);
  EXPECT_EQ(ValueKindOf("TIME"), ValueKind::kTime);
  EXPECT_EQ(ValueKindOf("BYTES"), ValueKind::kBytes);
  EXPECT_EQ(ValueKindOf("GEOMETRY"), ValueKind::kUnknown);
  EXPECT_EQ(ValueKindOf(""), ValueKind::kUnknown);
}

TEST(ValueKind, NumericKindsAndStableCodes) {
  EXPECT_TRUE(IsNumeric(ValueKindOf("DECIMAL(5,1)")));
  EXPECT_TRUE(IsNumeric(ValueKind::kFloat));
  EXPECT_FALSE(IsNumeric(ValueKind::kText));
  EXPECT_FALSE(IsNumeric(ValueKind::kTimestamp));
  EXPECT_EQ(ValueKindCode(ValueKind::kBigInt), 'b');
  EXPECT_EQ(ValueKindCode(ValueKind::kTimestamp), 't');
  EXPECT_EQ(ValueKindCode(ValueKind::kBytes), 'x');
  EXPECT_EQ(ValueKindCode(ValueKind::kUnknown), '?');
}

}  // namespace
}  // namespace kalam::link
