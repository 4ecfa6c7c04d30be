#include "common/data_type.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam {
namespace {

TEST(DataTypeTest, ParsesSpellings) {
  ASSERT_OK_AND_ASSIGN(auto t, DataType::Parse("varchar(20)"));
  EXPECT_EQ(t.id, TypeId::kText);
  ASSERT_OK_AND_ASSIGN(t, DataType::Parse("BYTEA"));
  EXPECT_EQ(t.id, TypeId::kBytes);
  ASSERT_OK_AND_ASSIGN(t, DataType::Parse("double  precision"));
  EXPECT_EQ(t.id, TypeId::kDouble);
  ASSERT_OK_AND_ASSIGN(t, DataType::Parse("decimal(10, 2)"));
  EXPECT_EQ(t.ToString(), "DECIMAL(10,2)");
  ASSERT_OK_AND_ASSIGN(t, DataType::Parse("integer"));
  EXPECT_EQ(t.ToString(), "INT");
}

TEST(DataTypeTest, RejectsUnknownAndBadModifiers) {
  ASSERT_OK_AND_ASSIGN(auto t, DataType::Parse("timestamp(3)"));  // precision accepted; micros kept
  EXPECT_EQ(t.id, TypeId::kTimestamp);
  ASSERT_OK_AND_ASSIGN(t, DataType::Parse("TIME(0)"));
  EXPECT_EQ(t.id, TypeId::kTime);
  EXPECT_ERROR_CODE(DataType::Parse("date(3)"), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(DataType::Parse("blob2"), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(DataType::Parse("decimal(50,2)"), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(DataType::Parse("decimal(5,6)"), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(DataType::Parse("int(3)"), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(DataType::Parse("text(x)"), ErrorCode::kInvalidParameter);
}

}  // namespace
}  // namespace kalam
