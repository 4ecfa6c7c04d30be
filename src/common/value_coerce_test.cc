#include "common/value_coerce.h"

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "testing/test_util.h"

namespace kalam {
namespace {

Value Coerce(const Value& v, DataType t) {
  auto r = CoerceValue(v, t);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : Value();
}

TEST(ValueCoerceTest, Integers) {
  EXPECT_EQ(std::get<int64_t>(Coerce(std::string(" 42 "), DataType::Of(TypeId::kInt))), 42);
  EXPECT_EQ(std::get<int64_t>(Coerce(2.6, DataType::Of(TypeId::kBigInt))), 3);
  auto bad = CoerceValue(std::string("abc"), DataType::Of(TypeId::kInt));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidTextRepresentation);
  EXPECT_EQ(bad.error().message(), "invalid input syntax for type integer: \"abc\"");
  EXPECT_ERROR_CODE(CoerceValue(int64_t{40000}, DataType::Of(TypeId::kSmallInt)), ErrorCode::kNumericValueOutOfRange);
  EXPECT_ERROR_CODE(CoerceValue(true, DataType::Of(TypeId::kInt)), ErrorCode::kDatatypeMismatch);
  auto big = CoerceValue(std::string("99999999999"), DataType::Of(TypeId::kInt));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code(), ErrorCode::kNumericValueOutOfRange);
  EXPECT_EQ(big.error().message(), "value \"99999999999\" is out of range for type integer");
  auto huge = CoerceValue(std::string("-99999999999999999999"), DataType::Of(TypeId::kBigInt));
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().message(), "value \"-99999999999999999999\" is out of range for type bigint");
  EXPECT_EQ(CoerceValue(int64_t{1} << 40, DataType::Of(TypeId::kInt)).error().message(), "integer out of range");
}

TEST(ValueCoerceTest, Decimals) {
  DataType d = DataType::Decimal(10, 2);
  EXPECT_EQ(std::get<std::string>(Coerce(std::string("1.5"), d)), "1.50");
  EXPECT_EQ(std::get<std::string>(Coerce(std::string("-0.005"), d)), "-0.01");
  EXPECT_EQ(std::get<std::string>(Coerce(std::string("9.999"), d)), "10.00");
  EXPECT_EQ(std::get<std::string>(Coerce(int64_t{7}, d)), "7.00");
  EXPECT_EQ(std::get<std::string>(Coerce(std::string("0"), DataType::Decimal(5, 0))), "0");
  EXPECT_ERROR_CODE(CoerceValue(std::string("123456789.1"), d), ErrorCode::kNumericValueOutOfRange);
  EXPECT_ERROR_CODE(CoerceValue(std::string("1.2.3"), d), ErrorCode::kInvalidTextRepresentation);
}

TEST(ValueCoerceTest, TimesAndDates) {
  EXPECT_EQ(std::get<int64_t>(Coerce(std::string("2026-11-27 05:10:47.123456"), DataType::Of(TypeId::kTimestamp))),
            1795756247123456LL);
  EXPECT_EQ(std::get<int64_t>(Coerce(std::string("2026-11-27T07:10:47.123456+02:00"), DataType::Of(TypeId::kTimestamp))),
            1795756247123456LL);
  EXPECT_EQ(std::get<int64_t>(Coerce(std::string("2026-11-27T05:10:47Z"), DataType::Of(TypeId::kTimestamp))),
            1795756247000000LL);
  EXPECT_EQ(std::get<int64_t>(Coerce(std::string("2026-11-27"), DataType::Of(TypeId::kDate))), 20784);
  EXPECT_EQ(std::get<int64_t>(Coerce(std::string("05:10:47.5"), DataType::Of(TypeId::kTime))), 18647500000LL);
  EXPECT_ERROR_CODE(CoerceValue(std::string("2026-02-30"), DataType::Of(TypeId::kDate)),
                    ErrorCode::kInvalidTextRepresentation);
  EXPECT_ERROR_CODE(CoerceValue(std::string("yesterday"), DataType::Of(TypeId::kTimestamp)),
                    ErrorCode::kInvalidTextRepresentation);
}

TEST(ValueCoerceTest, TextJsonBytesUuid) {
  EXPECT_EQ(std::get<std::string>(Coerce(int64_t{5}, DataType::Of(TypeId::kText))), "5");
  EXPECT_EQ(std::get<std::string>(Coerce(std::string("{ \"a\" : 1 }"), DataType::Of(TypeId::kJson))), "{\"a\":1}");
  EXPECT_ERROR_CODE(CoerceValue(std::string("{bad"), DataType::Of(TypeId::kJson)), ErrorCode::kInvalidTextRepresentation);
  EXPECT_EQ(std::get<std::string>(Coerce(std::string("\\x00ff"), DataType::Of(TypeId::kBytes))), std::string("\0\xff", 2));
  EXPECT_EQ(std::get<std::string>(Coerce(std::string("0191D2A4-7C3E-7000-8000-000000000000"), DataType::Of(TypeId::kUuid))),
            "0191d2a4-7c3e-7000-8000-000000000000");
  EXPECT_ERROR_CODE(CoerceValue(std::string("nope"), DataType::Of(TypeId::kUuid)), ErrorCode::kInvalidTextRepresentation);
  EXPECT_EQ(std::get<bool>(Coerce(std::string("t"), DataType::Of(TypeId::kBoolean))), true);
  EXPECT_TRUE(IsNull(Coerce(std::monostate{}, DataType::Of(TypeId::kInt))));
}

TEST(ValueCoerceTest, FileCellsNameAFile) {
  const DataType file = DataType::Of(TypeId::kFile);
  EXPECT_EQ(std::get<std::string>(Coerce(std::string("FI-0123456789abcdef"), file)), "{\"file_id\":\"FI-0123456789abcdef\"}");
  EXPECT_EQ(std::get<std::string>(Coerce(std::string("{\"file_id\":\"FI-1\", \"name\":\"a.png\"}"), file)),
            "{\"file_id\":\"FI-1\",\"name\":\"a.png\"}");
  for (const char* bad : {"hello", "{\"name\":\"a\"}", "[1]", "{\"file_id\":3}", "FI-../x"}) {
    auto r = CoerceValue(std::string(bad), file);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidTextRepresentation) << bad;
  }
  EXPECT_EQ(CoerceValue(int64_t{1}, file).error().code(), ErrorCode::kDatatypeMismatch);
}

TEST(ValueCoerceTest, CellKindsPerType) {
  EXPECT_TRUE(IsCellOf(Value(int64_t{5}), TypeId::kTimestamp));
  EXPECT_FALSE(IsCellOf(Value(std::string("infinity")), TypeId::kTimestamp));
  EXPECT_FALSE(IsCellOf(Value(std::string("2026-11-27")), TypeId::kDate));
  EXPECT_TRUE(IsCellOf(Value(), TypeId::kDate));
  EXPECT_TRUE(IsCellOf(Value(std::string("9.50")), TypeId::kDecimal));
  EXPECT_FALSE(IsCellOf(Value(1.5), TypeId::kDecimal));
  EXPECT_TRUE(IsCellOf(Value(true), TypeId::kBoolean));
  EXPECT_FALSE(IsCellOf(Value(int64_t{1}), TypeId::kDouble));
  // What the engine hands back for an infinite timestamp coerces to the same cell.
  EXPECT_EQ(std::get<int64_t>(Coerce(std::string("infinity"), DataType::Of(TypeId::kTimestamp))), kTimestampInfinity);
}

}  // namespace
}  // namespace kalam
