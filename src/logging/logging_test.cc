#include "logging/logging.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::logging {
namespace {

TEST(LoggingTest, RotatesBySizeAndKeepsMaxFiles) {
  testing::TempDir dir;
  LogOptions options;
  options.logs_path = dir.path().string();
  options.max_file_size_mb = 1;
  options.max_files = 2;
  options.console = false;
  ASSERT_OK(Init(options));
  auto log = Logger("test");
  std::string line(1000, 'x');
  for (int i = 0; i < 5000; ++i) KALAM_LOG_INFO(log, "{} {}", i, line);
  Shutdown();
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    ++files;
    EXPECT_LE(std::filesystem::file_size(e.path()), 1024u * 1024u + 2048u);
  }
  EXPECT_EQ(files, 3);  // server.log + 2 rotated
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "server.2.log"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "server.3.log"));
}

TEST(LoggingTest, LevelFiltersAndJsonFormat) {
  testing::TempDir dir;
  LogOptions options;
  options.logs_path = dir.path().string();
  options.level = "warn";
  options.format = "json";
  options.console = false;
  ASSERT_OK(Init(options));
  auto log = Logger("mod");
  KALAM_LOG_INFO(log, "hidden");
  KALAM_LOG_WARN(log, "shown {}", 42);
  Shutdown();
  std::ifstream in(dir.path() / "server.log");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str().find("hidden"), std::string::npos);
  EXPECT_NE(ss.str().find(R"("level":"warning","module":"mod","msg":"shown 42")"), std::string::npos)
      << ss.str();
}

}  // namespace
}  // namespace kalam::logging
