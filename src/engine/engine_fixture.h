#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "testing/test_util.h"

namespace kalam::engine {

/// Test fixture: a real RocksDB store, catalog and engine in a temp dir (for engine and exec
/// tests). Header-only; tests only.
class EngineFixture : public ::testing::Test {
 protected:
  explicit EngineFixture(int64_t now_us = 1795756247123456LL, int connections = 2)
      : clock_(now_us), connections_(connections) {}

  void SetUp() override {
    store::StoreOptions so;
    so.path = (dir_.path() / "rocksdb").string();
    ASSERT_OK_AND_ASSIGN(store_, store::Store::Open(so));
    ASSERT_OK_AND_ASSIGN(catalog_, catalog::Catalog::Open(store_.get(), serde::Format::kJson, &clock_));
    ASSERT_OK(catalog_->storages().EnsureLocal((dir_.path() / "storage").string(), clock_.NowMicros()));
    EngineOptions eo;
    eo.data_path = dir_.path().string();
    eo.connections = connections_;
    eo.user_shards = 4;
    manifests_ = std::make_unique<cold::ManifestStore>(store_.get(), serde::Format::kJson);
    files_ = std::make_unique<cold::FileCache>((dir_.path() / "cache").string(), 64LL << 20);
    ASSERT_OK_AND_ASSIGN(engine_, Engine::Open(eo, catalog_.get(), store_.get(), &clock_, manifests_.get(),
                                               files_.get()));
  }

  static Caller Root(Role role = Role::kSystem) { return Caller{UserId("root"), role, "127.0.0.1"}; }

  /// `sql` run by root with the given role and parameters.
  Result<RowSet> Query(std::string_view sql, Role role = Role::kSystem, std::vector<Value> params = {},
                       int64_t max_rows = 1000) {
    QueryContext ctx;
    ctx.caller = Root(role);
    ctx.params = std::move(params);
    ctx.max_rows = max_rows;
    return engine_->Query(sql, ctx);
  }

  testing::TempDir dir_;
  FakeClock clock_;
  int connections_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<cold::ManifestStore> manifests_;
  std::unique_ptr<cold::FileCache> files_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace kalam::engine
