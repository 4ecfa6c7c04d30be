#include "objstore/object_store.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::objstore {
namespace {

TEST(FilesystemStoreTest, PutGetListDelete) {
  testing::TempDir dir;
  auto store = OpenFilesystem(dir.path().string());
  ASSERT_OK(store->Put("app/shared/t/batch-1.parquet", "one"));
  ASSERT_OK(store->Put("app/shared/t/manifest.json", "{}"));
  ASSERT_OK(store->Put("app/shared/t/manifest.json", "{\"v\":2}"));  // replaced whole
  ASSERT_OK_AND_ASSIGN(auto bytes, store->Get("app/shared/t/manifest.json"));
  EXPECT_EQ(bytes, "{\"v\":2}");
  ASSERT_OK_AND_ASSIGN(auto listed, store->List("app/shared/t"));
  EXPECT_EQ(listed, (std::vector<std::string>{"app/shared/t/batch-1.parquet", "app/shared/t/manifest.json"}));
  ASSERT_OK(store->EnsureDirectory("app/shared/u"));
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "app/shared/u"));
  ASSERT_OK(store->DeleteTree("app/shared/t"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "app/shared/t"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "app/shared/u"));  // siblings stay
  ASSERT_OK(store->DeleteTree("app/shared/u"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "app"));  // emptied parents go
  ASSERT_OK(store->DeleteTree("never/existed"));
  EXPECT_EQ(store->Get("app/none").status().code(), ErrorCode::kInvalidParameter);
}

TEST(FilesystemStoreTest, PathsStayInsideTheStorage) {
  testing::TempDir dir;
  auto store = OpenFilesystem(dir.path().string());
  for (const char* bad : {"/etc/passwd", "../x", "a/../../x", "a//b", "", "a/./b"}) {
    EXPECT_EQ(store->Put(bad, "x").code(), ErrorCode::kInvalidParameter) << bad;
    EXPECT_EQ(store->DeleteTree(bad).code(), ErrorCode::kInvalidParameter) << bad;
  }
  EXPECT_TRUE(CheckRelativePath("app/users/t/").ok());
}

}  // namespace
}  // namespace kalam::objstore
