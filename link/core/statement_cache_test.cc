#include "link/core/statement_cache.h"

#include <gtest/gtest.h>

#include "link/core/protocol.h"

namespace kalam::link {
namespace {

TEST(StatementCache, CountsPlaceholdersOutsideQuotesAndComments) {
  EXPECT_EQ(CountParameters("SELECT 1"), 0);
  EXPECT_EQ(CountParameters("SELECT * FROM t WHERE a = $1 AND b = $2"), 2);
  EXPECT_EQ(CountParameters("SELECT $2, $10"), 10);
  EXPECT_EQ(CountParameters("SELECT '$1', \"$2\" -- $3\n /* $4 */ FROM t WHERE x = $1"), 1);
  EXPECT_EQ(CountParameters("SELECT 'it''s $5'"), 0);
}

TEST(StatementCache, EncodesLikeTheOneShotRequest) {
  PreparedStatement p("SELECT * FROM app.m WHERE room = $1 AND n < $2");
  EXPECT_EQ(p.parameter_count(), 2);
  std::string error;
  auto body = p.Encode({Cell("a\"b"), Cell(3)}, &error);
  ASSERT_TRUE(body.has_value()) << error;
  EXPECT_EQ(nlohmann::json::parse(*body), nlohmann::json::parse(EncodeSqlRequest(p.sql(), {Cell("a\"b"), Cell(3)})));
  EXPECT_FALSE(p.Encode({Cell(1)}, &error).has_value());
  EXPECT_EQ(error, "the statement takes 2 parameter(s), 1 given");
  PreparedStatement none("SELECT 1");
  EXPECT_EQ(*none.Encode({}, &error), R"({"sql":"SELECT 1"})");
}

TEST(StatementCache, ReusesAndEvictsLeastRecentlyUsed) {
  StatementCache cache(2);
  auto a = cache.Prepare("SELECT $1");
  EXPECT_EQ(cache.Prepare("SELECT $1"), a);
  EXPECT_EQ(cache.hits(), 1u);
  cache.Prepare("SELECT 2");
  cache.Prepare("SELECT $1");  // a is newest again
  cache.Prepare("SELECT 3");   // evicts "SELECT 2"
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Prepare("SELECT $1"), a);
  EXPECT_EQ(cache.hits(), 3u);
}

}  // namespace
}  // namespace kalam::link
