#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/engine_fixture.h"
#include "exec/executor.h"
#include "jobs/job_manager.h"

namespace kalam::exec {

/// Test fixture: an Executor over a real store, catalog, engine and writer pool (tests only).
class ExecutorTest : public engine::EngineFixture {
 protected:
  ExecutorTest() : EngineFixture(0, 1) {}
  void SetUp() override {
    EngineFixture::SetUp();
    writers_ = std::make_unique<store::WriterPool>(store_.get(), &ids_, 4, false);
    writers_->Start();
    ExecContext& ctx = exec_ctx_;
    ctx.catalog = catalog_.get();
    ctx.engine = engine_.get();
    ctx.max_result_rows = 1000;
    ctx.store = store_.get();
    ctx.writers = writers_.get();
    ctx.clock = &clock_;
    ctx.ids = &ids_;
    ctx.user_shards = 4;
    // Not Argon2id (exec does not link auth): tests only need a hash that is stored, not checked.
    ctx.hash_password = [](std::string_view password) -> Result<std::string> {
      return "test-hash:" + std::string(password);
    };
    jobs::JobContext jc;
    jc.catalog = catalog_.get();
    jc.store = store_.get();
    jc.writers = writers_.get();
    jc.engine = engine_.get();
    jc.manifests = manifests_.get();
    jc.files = files_.get();
    jc.clock = &clock_;
    jc.user_shards = 4;
    jc.scratch_dir = (dir_.path() / "tmp" / "jobs").string();
    jc.exports_dir = (dir_.path() / "exports").string();
    jc.data_path = dir_.path().string();
    job_ctx_ = jc;
    jobs_ = std::make_unique<jobs::JobManager>(jc);
    ASSERT_OK(jobs_->Start());
    ctx.manifests = manifests_.get();
    ctx.files = files_.get();
    ctx.jobs = jobs_.get();
    executor_ = std::make_unique<Executor>(ctx);
    session_.caller = Root();
  }
  void TearDown() override {
    jobs_->Stop();
    writers_->Stop();
  }
  BatchResult Run(std::string_view sql) { return executor_->ExecuteBatch(sql, {}, session_); }
  /// Runs statements that must succeed; returns the last one's rows.
  RowSet Rows(std::string_view sql, std::vector<Value> params = {}) {
    auto b = executor_->ExecuteBatch(sql, params, session_);
    EXPECT_TRUE(b.error.ok()) << sql << ": " << b.error.ToString();
    if (!b.error.ok() || b.results.empty() || !b.results.back().rows) return {};
    return *b.results.back().rows;
  }
  /// Runs statements that must succeed; returns the last one's message.
  std::string Message(std::string_view sql) {
    auto b = executor_->ExecuteBatch(sql, {}, session_);
    EXPECT_TRUE(b.error.ok()) << sql << ": " << b.error.ToString();
    return b.results.empty() ? "" : b.results.back().message;
  }
  /// FLUSH as root, then waits for the job; returns the job's final record.
  catalog::JobRecord Flush(const std::string& table) {
    Caller was = session_.caller;
    session_.caller = Root();
    std::string message = Message("FLUSH TABLE " + table);
    session_.caller = was;
    EXPECT_NE(message.find("Flush started for table '" + table + "'. Job ID: FL-"), std::string::npos) << message;
    std::string id = message.substr(message.find("FL-"));
    jobs_->WaitIdle();
    auto job = catalog_->jobs().Get(id);
    EXPECT_TRUE(job.has_value()) << id;
    return job ? *job : catalog::JobRecord{};
  }
  static Caller User(const char* name) { return Caller{UserId(name), Role::kUser, "127.0.0.1"}; }
  /// `fast` must take a path that skips the planner (counted by `taken`), `slow` (same meaning)
  /// the planner, with equal answers: names, types and rows.
  void ExpectSameAnswer(std::string_view fast, std::string_view slow, const std::vector<Value>& params,
                        const std::function<uint64_t()>& taken) {
    const uint64_t before = taken();
    RowSet a = Rows(fast, params);
    EXPECT_EQ(taken(), before + 1) << fast << " did not take the fast path";
    RowSet b = Rows(slow, params);
    EXPECT_EQ(taken(), before + 1) << slow << " took the fast path";
    ASSERT_EQ(a.columns.size(), b.columns.size()) << fast;
    for (size_t c = 0; c < a.columns.size(); ++c) {
      EXPECT_EQ(a.columns[c].name, b.columns[c].name) << fast;
      EXPECT_EQ(a.columns[c].type, b.columns[c].type) << fast << " column " << a.columns[c].name;
    }
    EXPECT_EQ(a.rows, b.rows) << fast;
  }

  ExecContext exec_ctx_;  // what the executor was given (without its statement cache)
  SnowflakeGenerator ids_{1, &clock_};
  std::unique_ptr<store::WriterPool> writers_;
  jobs::JobContext job_ctx_;  // what jobs_ was given
  std::unique_ptr<jobs::JobManager> jobs_;
  std::unique_ptr<Executor> executor_;
  Session session_;
};

}  // namespace kalam::exec
