// The S3 object store against a real S3-compatible server: s3rver on loopback, started here.
#include "objstore/s3_store.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "testing/test_util.h"

extern char** environ;

namespace kalam::objstore {
namespace {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

class S3StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string bin = std::string(KALAM_SOURCE_DIR) + "/tests/tools/node_modules/s3rver/bin/s3rver.js";
    ASSERT_TRUE(std::filesystem::exists(bin)) << bin << " is missing: run scripts/setup.sh";
    port_ = FreePort();
    std::string port = std::to_string(port_);
    std::string data = dir_.path().string();
    std::vector<std::string> args = {"node", bin, "-d", data, "-a", "127.0.0.1", "-p", port,
                                     "--configure-bucket", "kalam", "--silent"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawnp(&pid_, "node", nullptr, nullptr, argv.data(), environ), 0);
    for (int i = 0; i < 200 && !Accepts(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(Accepts(port_)) << "s3rver did not start";
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  std::unique_ptr<ObjectStore> Open(std::string uri) {
    auto where = ParseS3Location(uri, R"({"access_key_id":"S3RVER","secret_access_key":"S3RVER","region":"us-east-1",)"
                                      R"("endpoint":"http://127.0.0.1:)" + std::to_string(port_) + R"("})");
    EXPECT_TRUE(where.ok());
    return OpenS3(*where);
  }

  testing::TempDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

TEST_F(S3StoreTest, RoundTripListAndDeleteUnderAPrefix) {
  auto store = Open("s3://kalam/cold/");
  std::string parquet(100000, '\0');
  for (size_t i = 0; i < parquet.size(); ++i) parquet[i] = static_cast<char>(i * 7);
  ASSERT_OK(store->Put("app/users/notes/shard-1/alice/batch-1.parquet", parquet));
  ASSERT_OK(store->Put("app/users/notes/shard-1/alice/manifest.json", R"({"segments":[]})"));
  ASSERT_OK(store->Put("app/users/notes/shard-2/b ob+x/batch-1.parquet", "bob"));
  ASSERT_OK(store->Put("app/shared/cfg/batch-1.parquet", "shared"));
  ASSERT_OK_AND_ASSIGN(auto bytes, store->Get("app/users/notes/shard-1/alice/batch-1.parquet"));
  EXPECT_EQ(bytes, parquet);
  ASSERT_OK_AND_ASSIGN(auto listed, store->List("app/users/notes"));
  EXPECT_EQ(listed, (std::vector<std::string>{"app/users/notes/shard-1/alice/batch-1.parquet",
                                              "app/users/notes/shard-1/alice/manifest.json",
                                              "app/users/notes/shard-2/b ob+x/batch-1.parquet"}));
  ASSERT_OK(store->DeleteTree("app/users/notes/"));
  ASSERT_OK_AND_ASSIGN(listed, store->List("app"));
  EXPECT_EQ(listed, (std::vector<std::string>{"app/shared/cfg/batch-1.parquet"}));
  EXPECT_EQ(store->Get("app/users/notes/shard-1/alice/manifest.json").status().code(), ErrorCode::kInvalidParameter);
  ASSERT_OK(store->DeleteTree("never/was"));
  // Another prefix of the same bucket sees nothing of this one.
  ASSERT_OK_AND_ASSIGN(listed, Open("s3://kalam/other")->List("app"));
  EXPECT_TRUE(listed.empty());
}

TEST(S3LocationTest, UrisAndCredentials) {
  ASSERT_OK_AND_ASSIGN(auto aws, ParseS3Location("s3://bucket/a/b", R"({"region":"eu-west-1"})"));
  EXPECT_EQ(aws.bucket, "bucket");
  EXPECT_EQ(aws.prefix, "a/b/");
  EXPECT_EQ(aws.endpoint, "https://bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_FALSE(aws.path_style);
  ASSERT_OK_AND_ASSIGN(auto local, ParseS3Location("s3://k", R"({"endpoint":"http://127.0.0.1:9000/"})"));
  EXPECT_EQ(local.host, "127.0.0.1:9000");
  EXPECT_TRUE(local.path_style);
  EXPECT_EQ(local.prefix, "");
  EXPECT_EQ(ParseS3Location("s3:///x", "").status().code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(ParseS3Location("s3://b/x", "[1]").status().code(), ErrorCode::kInvalidParameter);
}

}  // namespace
}  // namespace kalam::objstore
