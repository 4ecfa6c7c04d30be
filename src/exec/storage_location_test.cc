// Where a user's files of a USER table go (CONTRACT §4, USE_USER_STORAGE and storage_mode).
#include <fmt/format.h>

#include "exec/executor_fixture.h"
#include "common/shard.h"
#include "exec/handlers/table_support.h"

namespace kalam::exec {
namespace {

TEST_F(ExecutorTest, UserFilesGoToTheUsersStorageOnlyWhenTableAndUserAskForIt) {
  auto b = Run("CREATE NAMESPACE app; "
               "CREATE STORAGE eu TYPE 'filesystem' URI '/srv/eu' USER_TABLES_TEMPLATE '{namespace}/{tableName}/{userId}'; "
               "CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY) WITH (USE_USER_STORAGE=true); "
               "CREATE USER TABLE app.plain (id BIGINT PRIMARY KEY); "
               "CREATE USER anna WITH PASSWORD 'anna-pass-1'; CREATE USER bert WITH PASSWORD 'bert-pass-1'; "
               "ALTER USER anna SET STORAGE_MODE 'region'; ALTER USER anna SET STORAGE_ID 'eu'; "
               "ALTER USER bert SET STORAGE_ID 'eu'");
  ASSERT_TRUE(b.error.ok()) << b.error.ToString();
  auto notes = catalog_->tables().Get(TableId{NamespaceId::Parse("app").value(), TableName::Parse("notes").value()});
  auto plain = catalog_->tables().Get(TableId{NamespaceId::Parse("app").value(), TableName::Parse("plain").value()});
  ASSERT_TRUE(notes && plain);
  ExecContext& ctx = exec_ctx_;

  ASSERT_OK_AND_ASSIGN(auto anna, cold::UserFileLocation(*notes, UserId("anna"), *ctx.catalog, ctx.user_shards));
  EXPECT_EQ(anna.storage.id.value(), "eu");
  EXPECT_EQ(anna.path, "app/notes/anna");
  // bert has a storage but not the 'region' mode: the table's storage.
  ASSERT_OK_AND_ASSIGN(auto bert, cold::UserFileLocation(*notes, UserId("bert"), *ctx.catalog, ctx.user_shards));
  EXPECT_EQ(bert.storage.id.value(), "local");
  EXPECT_EQ(bert.path, fmt::format("app/users/notes/shard-{}/bert", ShardOf("bert", 4)));
  // A table without USE_USER_STORAGE ignores the user's storage.
  ASSERT_OK_AND_ASSIGN(auto plain_anna, cold::UserFileLocation(*plain, UserId("anna"), *ctx.catalog, ctx.user_shards));
  EXPECT_EQ(plain_anna.storage.id.value(), "local");
  // DROP TABLE visits both storages of the table.
  auto dirs = cold::TableDirectories(*notes, *ctx.catalog);
  ASSERT_EQ(dirs.size(), 2u);
  EXPECT_EQ(dirs[0].storage.id.value(), "local");
  EXPECT_EQ(dirs[0].path, "app/users/notes/");
  EXPECT_EQ(dirs[1].storage.id.value(), "eu");
  EXPECT_EQ(dirs[1].path, "app/notes/");
}

}  // namespace
}  // namespace kalam::exec
