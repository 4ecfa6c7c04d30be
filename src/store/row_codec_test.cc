#include "store/row_codec.h"

#include <cmath>

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::store {
namespace {

TEST(RowCodecTest, RoundTripEveryKind) {
  Row values{int64_t{-5}, std::string("hé\0x", 4), true, false, 2.5, std::monostate{},
             int64_t{INT64_MIN}, int64_t{INT64_MAX}};
  std::vector<int32_t> ids{1, 2, 3, 4, 5, 6, 7, 8};
  std::string bytes = EncodeRow(42, false, 3, ids, values);
  ASSERT_OK_AND_ASSIGN(auto row, DecodeRow(bytes, ids));
  EXPECT_EQ(row.seq, 42);
  EXPECT_FALSE(row.deleted);
  EXPECT_EQ(row.schema_version, 3);
  EXPECT_EQ(row.values, values);
  PatchSeq(&bytes, 7241902381826048LL);
  EXPECT_EQ(ReadSeq(bytes), 7241902381826048LL);
}

TEST(RowCodecTest, OldRowsDecodeUnderANewSchema) {
  // Written with columns 1,2,3; read after DROP of 2 and ADD of 4, in a new order.
  std::string bytes = EncodeRow(1, true, 1, {1, 2, 3}, {int64_t{1}, std::string("a"), std::string("b")});
  ASSERT_OK_AND_ASSIGN(auto row, DecodeRow(bytes, {3, 1, 4}));
  EXPECT_TRUE(row.deleted);
  EXPECT_EQ(std::get<std::string>(row.values[0]), "b");
  EXPECT_EQ(std::get<int64_t>(row.values[1]), 1);
  EXPECT_TRUE(IsNull(row.values[2]));
  Row missing{std::monostate{}, std::monostate{}, std::string("fill")};
  ASSERT_OK_AND_ASSIGN(row, DecodeRow(bytes, {3, 1, 4}, &missing));
  EXPECT_EQ(std::get<std::string>(row.values[2]), "fill");
  EXPECT_EQ(std::get<std::string>(row.values[0]), "b");
}

TEST(RowCodecTest, CorruptBytesAreErrors) {
  EXPECT_ERROR_CODE(DecodeRow("short", {1}), ErrorCode::kInternal);
  std::string bytes = EncodeRow(1, false, 1, {1}, {std::string("abcdef")});
  bytes.resize(bytes.size() - 3);
  EXPECT_ERROR_CODE(DecodeRow(bytes, {1}), ErrorCode::kInternal);
}

TEST(RowCodecTest, IntegerKeysSortNumerically) {
  EXPECT_LT(EncodeKeyPart(int64_t{-2}), EncodeKeyPart(int64_t{-1}));
  EXPECT_LT(EncodeKeyPart(int64_t{-1}), EncodeKeyPart(int64_t{0}));
  EXPECT_LT(EncodeKeyPart(int64_t{9}), EncodeKeyPart(int64_t{10}));
  EXPECT_LT(EncodeKeyPart(int64_t{255}), EncodeKeyPart(int64_t{256}));
  EXPECT_EQ(UserRowKey("bob", "k"), std::string("bob\0k", 5));
}

}  // namespace
}  // namespace kalam::store
