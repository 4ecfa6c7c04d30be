#pragma once

#include <memory>

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

  ExecContext exec_ctx_;  // what the executor was given (without its statement cache)
  SnowflakeGenerator ids_{1, &clock_};
  std::unique_ptr<store::WriterPool> writers_;
  std::unique_ptr<jobs::JobManager> jobs_;
  std::unique_ptr<Executor> executor_;
  Session session_;
};

}  // namespace kalam::exec
