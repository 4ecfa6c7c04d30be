#include "common/path_template.h"

#include <gtest/gtest.h>

namespace kalam {
namespace {

TEST(PathTemplateTest, DefaultsAreValidAndExpand) {
  EXPECT_TRUE(ValidateTemplate(TemplateKind::kShared, DefaultTemplate(TemplateKind::kShared)).ok());
  EXPECT_TRUE(ValidateTemplate(TemplateKind::kUser, DefaultTemplate(TemplateKind::kUser)).ok());
  TemplateValues v{"app", "notes", "shard-3", "alice"};
  EXPECT_EQ(ExpandTemplate(DefaultTemplate(TemplateKind::kShared), v), "app/shared/notes");
  EXPECT_EQ(ExpandTemplate(DefaultTemplate(TemplateKind::kUser), v), "app/users/notes/shard-3/alice");
  EXPECT_EQ(TableRootOf(DefaultTemplate(TemplateKind::kUser), v), "app/users/notes/");
  EXPECT_EQ(TableRootOf("{namespace}/{tableName}/u-{userId}", v), "app/notes/");
}

TEST(PathTemplateTest, OrderAndVariablesAreChecked) {
  EXPECT_TRUE(ValidateTemplate(TemplateKind::kUser, "{namespace}/{tableName}/{userId}").ok());
  EXPECT_TRUE(ValidateTemplate(TemplateKind::kUser, "data/{namespace}-{tableName}/{shard}/{userId}").ok());
  for (const char* bad : {"{tableName}/{namespace}", "{namespace}", "{namespace}/{tableName}/{userId}",
                          "/abs/{namespace}/{tableName}", "{namespace}/../{tableName}", "{namespace}//{tableName}",
                          "{namespace}/{table}", "{namespace}/{tableName", ""}) {
    EXPECT_EQ(ValidateTemplate(TemplateKind::kShared, bad).code(), ErrorCode::kInvalidParameter) << bad;
  }
  for (const char* bad : {"{namespace}/{tableName}", "{userId}/{namespace}/{tableName}",
                          "{namespace}/{tableName}/{userId}/{shard}", "{namespace}/{shard}/{tableName}/{userId}",
                          "{namespace}/{tableName}/{userId}/{userId}"}) {
    EXPECT_EQ(ValidateTemplate(TemplateKind::kUser, bad).code(), ErrorCode::kInvalidParameter) << bad;
  }
}

}  // namespace
}  // namespace kalam
