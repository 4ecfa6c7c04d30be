#include "catalog/catalog.h"

#include "catalog/permissions.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::catalog {
namespace {

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    catalog_.reset();
    store_.reset();
    store::StoreOptions o;
    o.path = (dir_.path() / "rocksdb").string();
    auto store = store::Store::Open(o);
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    auto catalog = Catalog::Open(store_.get(), serde::Format::kJson, &clock_);
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = std::move(catalog).value();
  }
  static NamespaceId Ns(std::string_view s) { return NamespaceId::Parse(s).value(); }

  testing::TempDir dir_;
  FakeClock clock_{1795756247123456LL};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(CatalogTest, NamespacesPersistAcrossRestart) {
  ASSERT_OK_AND_ASSIGN(bool created, catalog_->namespaces().Create(Ns("app"), false));
  EXPECT_TRUE(created);
  EXPECT_ERROR_CODE(catalog_->namespaces().Create(Ns("app"), false), ErrorCode::kAlreadyExists);
  ASSERT_OK_AND_ASSIGN(created, catalog_->namespaces().Create(Ns("app"), true));
  EXPECT_FALSE(created);
  ASSERT_OK(catalog_->namespaces().Create(Ns("chat"), false));
  Reopen();
  auto list = catalog_->namespaces().List();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id.value(), "app");
  EXPECT_EQ(list[0].created_at_us, 1795756247123456LL);
}

TEST_F(CatalogTest, TheLocalStorageFollowsTheDataDirectory) {
  const StorageId local = StorageId::Parse("local").value();
  ASSERT_OK(catalog_->storages().EnsureLocal("/data/one/storage", 1));
  ASSERT_OK(catalog_->storages().EnsureLocal("/data/one/storage", 2));
  EXPECT_EQ(catalog_->storages().Get(local)->updated_at_us, 1);  // unchanged: not rewritten
  // The data directory moved (or was restored from another server's backup).
  ASSERT_OK(catalog_->storages().EnsureLocal("/data/two/storage", 3));
  Reopen();
  auto storage = catalog_->storages().Get(local);
  ASSERT_TRUE(storage.has_value());
  EXPECT_EQ(storage->uri, "/data/two/storage");
  EXPECT_EQ(storage->updated_at_us, 3);
  EXPECT_EQ(storage->created_at_us, 1);
}

TEST_F(CatalogTest, DropNamespace) {
  ASSERT_OK(catalog_->namespaces().Create(Ns("app"), false));
  ASSERT_OK_AND_ASSIGN(bool dropped, catalog_->namespaces().Drop(Ns("app"), false));
  EXPECT_TRUE(dropped);
  auto missing = catalog_->namespaces().Drop(Ns("app"), false);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNamespaceNotFound);
  EXPECT_EQ(missing.error().message(), "namespace \"app\" does not exist");
  ASSERT_OK_AND_ASSIGN(dropped, catalog_->namespaces().Drop(Ns("app"), true));
  EXPECT_FALSE(dropped);
  Reopen();
  EXPECT_TRUE(catalog_->namespaces().List().empty());
}

TEST_F(CatalogTest, SystemNamespacesRows) {
  ASSERT_OK(catalog_->namespaces().Create(Ns("app"), false));
  const SystemTable* t = catalog_->system_tables().Find("namespaces");
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->any_role);
  ASSERT_EQ(t->columns.size(), 3u);
  EXPECT_EQ(t->columns[0].name, "namespace_id");
  ASSERT_OK_AND_ASSIGN(auto rows, t->rows(Caller{}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(rows[0][0]), "app");
  EXPECT_EQ(catalog_->system_tables().Find("nope"), nullptr);
}

TEST_F(CatalogTest, UsersRoundTrip) {
  UserRecord root;
  root.username = UserId("root");
  root.role = Role::kSystem;
  root.password_hash = "$argon2id$x";
  ASSERT_OK_AND_ASSIGN(bool inserted, catalog_->users().Insert(root));
  EXPECT_TRUE(inserted);
  ASSERT_OK_AND_ASSIGN(inserted, catalog_->users().Insert(root));
  EXPECT_FALSE(inserted);
  Reopen();
  auto got = catalog_->users().Get(UserId("root"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->role, Role::kSystem);
  EXPECT_EQ(got->password_hash, "$argon2id$x");
  EXPECT_FALSE(got->email.has_value());
}

}  // namespace
}  // namespace kalam::catalog

namespace kalam::catalog {
namespace {

TableRecord SampleTable() {
  TableRecord t(TableId{NamespaceId::Parse("app").value(), TableName::Parse("messages").value()});
  t.type = TableType::kUser;
  t.columns = {ColumnDef{1, "id", DataType::Of(TypeId::kBigInt), false, true, DefaultKind::kSnowflakeId, {}, {}},
               ColumnDef{2, "body", DataType::Of(TypeId::kText), true, false, DefaultKind::kLiteral, "it's", {}},
               ColumnDef{3, "price", DataType::Decimal(10, 2), true, false, DefaultKind::kNone, {}, {}}};
  t.next_column_id = 4;
  t.ttl_seconds = 60;
  return t;
}

TEST_F(CatalogTest, TablesPersistWithTheirSchema) {
  ASSERT_OK(catalog_->namespaces().Create(Ns("app"), false));
  ASSERT_OK_AND_ASSIGN(bool created, catalog_->tables().Create(SampleTable(), false));
  EXPECT_TRUE(created);
  EXPECT_ERROR_CODE(catalog_->tables().Create(SampleTable(), false), ErrorCode::kAlreadyExists);
  Reopen();
  ASSERT_OK_AND_ASSIGN(auto t, catalog_->tables().GetOrError(SampleTable().id));
  EXPECT_EQ(t.type, TableType::kUser);
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[2].type.ToString(), "DECIMAL(10,2)");
  EXPECT_EQ(t.columns[1].DefaultSql(), "'it''s'");
  EXPECT_EQ(t.columns[0].DefaultSql(), "SNOWFLAKE_ID()");
  EXPECT_EQ(t.ttl_seconds, 60);
  EXPECT_EQ(t.FindColumn("BODY"), 1u);
  EXPECT_EQ(t.PrimaryKeyIndex(), 0u);
  ASSERT_OK_AND_ASSIGN(auto rows, catalog_->system_tables().Find("columns")->rows(Caller{}));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(std::get<int64_t>(rows[2][3]), 3);
  ASSERT_OK_AND_ASSIGN(rows, catalog_->system_tables().Find("namespaces")->rows(Caller{}));
  EXPECT_EQ(std::get<int64_t>(rows[0][2]), 1);
  ASSERT_OK_AND_ASSIGN(bool removed, catalog_->tables().Remove(SampleTable().id));
  EXPECT_TRUE(removed);
  EXPECT_ERROR_CODE(catalog_->tables().GetOrError(SampleTable().id), ErrorCode::kTableNotFound);
}


TEST_F(CatalogTest, JobsSurviveRestartAndInterruptedOnesFail) {
  JobRecord running;
  running.job_id = "FL-000000000001";
  running.status = JobStatus::kRunning;
  running.namespace_id = "app";
  running.table_name = "t";
  running.created_at_us = 1;
  running.started_at_us = 2;
  JobRecord queued = running;
  queued.job_id = "FL-000000000002";
  queued.status = JobStatus::kQueued;
  queued.created_at_us = 3;
  JobRecord done = running;
  done.job_id = "CO-000000000003";
  done.type = JobType::kCompact;
  done.status = JobStatus::kCompleted;
  done.message = "Nothing to compact";
  done.created_at_us = 0;
  for (const auto& j : {running, queued, done}) ASSERT_OK(catalog_->jobs().Put(j));
  Reopen();
  ASSERT_OK_AND_ASSIGN(size_t failed, catalog_->jobs().FailInterrupted(99));
  EXPECT_EQ(failed, 2u);
  auto jobs = catalog_->jobs().List();  // oldest first
  ASSERT_EQ(jobs.size(), 3u);
  EXPECT_EQ(jobs[0].job_id, "CO-000000000003");
  EXPECT_EQ(jobs[0].status, JobStatus::kCompleted);
  EXPECT_EQ(jobs[1].status, JobStatus::kFailed);
  EXPECT_EQ(jobs[1].finished_at_us, 99);
  EXPECT_NE(jobs[1].message.find("interrupted"), std::string::npos);
  EXPECT_EQ(jobs[2].status, JobStatus::kFailed);
  EXPECT_EQ(JobIdPrefix(JobType::kUserExport), "UE");
}

}  // namespace
}  // namespace kalam::catalog
