// STREAM tables: rows past TTL_SECONDS are hidden from reads at once and removed from the store by
// the job manager's eviction (jobs/stream_eviction.cc).
#include "exec/executor_fixture.h"

namespace kalam::exec {
namespace {

class StreamTtlTest : public ExecutorTest {
 protected:
  int64_t Count(const char* user) {
    session_.caller = Caller{UserId(user), Role::kUser, "127.0.0.1"};
    auto b = Run("SELECT count(*) FROM app.ev");
    session_.caller = Root();
    EXPECT_TRUE(b.error.ok()) << b.error.ToString();
    return b.error.ok() ? std::get<int64_t>(b.results[0].rows->rows[0][0]) : -1;
  }
  void Insert(const char* user, int n) {
    session_.caller = Caller{UserId(user), Role::kUser, "127.0.0.1"};
    for (int i = 0; i < n; ++i) {
      auto b = Run("INSERT INTO app.ev (k) VALUES ('x')");
      EXPECT_TRUE(b.error.ok()) << b.error.ToString();
      clock_.Advance(1000);
    }
    session_.caller = Root();
  }
  int64_t StoredRows() {
    int64_t n = 0;
    EXPECT_OK(store_->ScanPrefix("streams.app.ev", "", [&](std::string_view, std::string_view) { return ++n, true; }));
    return n;
  }
};

TEST_F(StreamTtlTest, ExpiredRowsAreHiddenThenEvicted) {
  clock_.Advance(1764201600LL * 1000 * 1000);  // 2025-11-27: seqs carry real times
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE STREAM TABLE app.ev (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), "
                  "k TEXT) WITH (TTL_SECONDS=10)").error.ok());
  Insert("alice", 3);
  Insert("bob", 2);
  EXPECT_EQ(jobs_->EvictExpiredStreams(), 0);  // nothing is old yet
  clock_.Advance(11 * 1000 * 1000);
  Insert("alice", 1);
  EXPECT_EQ(Count("alice"), 1);  // hidden before eviction
  EXPECT_EQ(Count("bob"), 0);
  EXPECT_EQ(StoredRows(), 6);
  EXPECT_EQ(jobs_->EvictExpiredStreams(), 5);
  EXPECT_EQ(StoredRows(), 1);
  EXPECT_EQ(Count("alice"), 1);
  EXPECT_EQ(jobs_->EvictExpiredStreams(), 0);
}

}  // namespace
}  // namespace kalam::exec
