#include "common/ids.h"

#include <unordered_set>

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam {
namespace {

TEST(NamespaceIdTest, AcceptsIdentifiers) {
  ASSERT_OK_AND_ASSIGN(auto ns, NamespaceId::Parse("app_1"));
  EXPECT_EQ(ns.value(), "app_1");
  EXPECT_FALSE(ns.IsReserved());
  ASSERT_OK_AND_ASSIGN(auto sys, NamespaceId::Parse("system"));
  EXPECT_TRUE(sys.IsReserved());
}

TEST(NamespaceIdTest, RejectsInvalid) {
  EXPECT_ERROR_CODE(NamespaceId::Parse(""), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(NamespaceId::Parse("1abc"), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(NamespaceId::Parse("a-b"), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(NamespaceId::Parse(std::string(64, 'a')), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(TableName::Parse("x y"), ErrorCode::kInvalidParameter);
}

TEST(TableIdTest, HashesAndFormats) {
  ASSERT_OK_AND_ASSIGN(auto ns, NamespaceId::Parse("app"));
  ASSERT_OK_AND_ASSIGN(auto t, TableName::Parse("messages"));
  TableId id{ns, t};
  EXPECT_EQ(id.ToString(), "app.messages");
  EXPECT_EQ(fmt::format("{}", id), "app.messages");
  std::unordered_set<TableId> set{id};
  EXPECT_EQ(set.count(id), 1u);
}

}  // namespace
}  // namespace kalam
