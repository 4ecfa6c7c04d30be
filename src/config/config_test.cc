#include "config/config.h"

#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::config {
namespace {

TEST(ConfigTest, DefaultsWithoutFile) {
  ASSERT_OK_AND_ASSIGN(Config c, Load(std::nullopt, {}));
  EXPECT_EQ(c.server.host, "127.0.0.1");
  EXPECT_EQ(c.server.port, 8080);
  EXPECT_EQ(c.storage.data_path, "./data");
  EXPECT_EQ(c.storage.user_shards, 4);
  EXPECT_EQ(c.limits.max_sql_bytes, 1 << 20);
  EXPECT_EQ(c.logging.max_files, 5);
}

TEST(ConfigTest, SettingsListEveryKeyWithItsValueAndHideSecrets) {
  ASSERT_OK_AND_ASSIGN(Config c, Parse("[server]\nport = 9000\ncors_allowed_origins = [\"https://a\", \"https://b\"]\n"
                                       "[auth]\njwt_secret = \"0123456789abcdef0123456789abcdef\"\n",
                                       {{"KALAMDB_SYNC_WRITES", "false"}}));
  auto settings = Settings(c);
  std::map<std::string, Setting> by_name;
  for (auto& s : settings) {
    EXPECT_FALSE(s.description.empty()) << s.name << " has no description";
    EXPECT_TRUE(by_name.emplace(s.name, s).second) << s.name;
  }
  EXPECT_EQ(settings.front().name, "server.host");
  EXPECT_EQ(by_name.at("server.port").value, "9000");
  EXPECT_EQ(by_name.at("server.cors_allowed_origins").value, "https://a,https://b");
  EXPECT_EQ(by_name.at("storage.sync_writes").value, "false");
  EXPECT_EQ(by_name.at("engine.memory_limit").value, "");
  EXPECT_EQ(by_name.at("auth.jwt_secret").value, "********");
  EXPECT_EQ(by_name.at("auth.root_password").value, "");  // not set: nothing to hide
  // Every key of the example configuration is listed, and nothing else.
  std::ifstream example(std::string(KALAM_SOURCE_DIR) + "/config/server.example.toml");
  std::string line, section;
  size_t keys = 0;
  while (std::getline(example, line)) {
    if (line.starts_with("[")) {
      section = line.substr(1, line.find(']') - 1);
    } else if (!line.empty() && line[0] != '#' && line.find('=') != std::string::npos) {
      std::string key = line.substr(0, line.find_first_of(" ="));
      EXPECT_TRUE(by_name.contains(section + "." + key)) << section << "." << key;
      ++keys;
    }
  }
  EXPECT_EQ(keys, settings.size());
}

TEST(ConfigTest, FileThenEnvironment) {
  std::string toml = R"(
[server]
host = "0.0.0.0"
port = 9000
[storage]
data_path = "/tmp/kdb"
user_shards = 8
[logging]
level = "debug"
[auth]
jwt_secret = "from-file"
)";
  Environment env{{"KALAMDB_PORT", "9100"}, {"KALAMDB_JWT_SECRET", "from-env"},
                  {"KALAMDB_USER_SHARDS", "16"}, {"KALAMDB_DATA_DIR", "/srv/k"}, {"KALAMDB_IO_THREADS", "3"}};
  ASSERT_OK_AND_ASSIGN(Config c, Parse(toml, env));
  EXPECT_EQ(c.server.host, "0.0.0.0");
  EXPECT_EQ(c.server.port, 9100);
  EXPECT_EQ(c.auth.jwt_secret, "from-env");
  EXPECT_EQ(c.storage.user_shards, 16);
  EXPECT_EQ(c.storage.data_path, "/srv/k");
  EXPECT_EQ(c.server.io_threads, 3);
  EXPECT_EQ(c.logging.level, "debug");
}

TEST(ConfigTest, RejectsBadInput) {
  EXPECT_ERROR_CODE(Parse("[server]\nprot = 1\n", {}), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(Parse("[server]\nport = \"x\"\n", {}), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(Parse("[server]\nport = 70000\n", {}), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(Parse("[server\n", {}), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(Parse("", {{"KALAMDB_PORT", "abc"}}), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(Parse("[logging]\nlevel = \"loud\"\n", {}), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(Load(std::string("/nonexistent/server.toml"), {}), ErrorCode::kInvalidParameter);
}

TEST(ConfigTest, CorsOriginsFromArrayOrCommaList) {
  ASSERT_OK_AND_ASSIGN(Config c, Parse("[server]\ncors_allowed_origins = [\"http://a.test\", \"*\"]\n", {}));
  EXPECT_EQ(c.server.cors_allowed_origins, (std::vector<std::string>{"http://a.test", "*"}));
  ASSERT_OK_AND_ASSIGN(Config e, Parse("", {{"KALAMDB_CORS_ALLOWED_ORIGINS", "http://a.test, http://b.test,"}}));
  EXPECT_EQ(e.server.cors_allowed_origins, (std::vector<std::string>{"http://a.test", "http://b.test"}));
  EXPECT_ERROR_CODE(Parse("[server]\ncors_allowed_origins = \"*\"\n", {}), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(Parse("[server]\ncors_allowed_origins = [1]\n", {}), ErrorCode::kInvalidParameter);
}

TEST(ConfigTest, ExampleFileParses) {
  ASSERT_OK_AND_ASSIGN(Config c, Load(std::string(KALAM_SOURCE_DIR "/config/server.example.toml"), {}));
  EXPECT_EQ(c.server.port, 8080);
}

}  // namespace
}  // namespace kalam::config
