#include "sql/splitter.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::sql {
namespace {

TEST(SplitterTest, SplitsAtTopLevelSemicolons) {
  std::string batch = "CREATE NAMESPACE a; SELECT ';' AS x -- ;\n; ; /* ; */ SELECT $$;$$";
  ASSERT_OK_AND_ASSIGN(auto parts, SplitStatements(batch));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].text, "CREATE NAMESPACE a");
  EXPECT_EQ(parts[0].offset, 0u);
  EXPECT_EQ(parts[1].text, "SELECT ';' AS x");
  EXPECT_EQ(parts[1].offset, 20u);
  EXPECT_EQ(parts[2].text, "SELECT $$;$$");
}

TEST(SplitterTest, EmptyBatchHasNoStatements) {
  ASSERT_OK_AND_ASSIGN(auto parts, SplitStatements("  ;; -- nothing\n"));
  EXPECT_TRUE(parts.empty());
}

}  // namespace
}  // namespace kalam::sql
