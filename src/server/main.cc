// kalamdb-server [--config FILE]
#include <csignal>
#include <cstdio>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "config/config.h"
#include "logging/logging.h"
#include "server/server.h"

namespace {

constexpr int kExitConfig = 1;
constexpr int kExitPortInUse = 2;
constexpr int kExitStartup = 3;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"KalamDB server"};
  std::string config_path;
  app.add_option("-c,--config", config_path, "TOML configuration file (server.toml)");
  app.set_version_flag("--version", KALAM_VERSION);
  CLI11_PARSE(app, argc, argv);

  std::optional<std::string> path;
  if (!config_path.empty()) path = config_path;
  auto config = kalam::config::Load(path, kalam::config::ProcessEnvironment());
  if (!config.ok()) {
    std::fprintf(stderr, "kalamdb-server: %s\n", config.error().message().c_str());
    return kExitConfig;
  }
  kalam::logging::LogOptions log_options;
  log_options.level = config->logging.level;
  log_options.logs_path = config->logging.logs_path;
  log_options.max_file_size_mb = config->logging.max_file_size_mb;
  log_options.max_files = config->logging.max_files;
  log_options.format = config->logging.format;
  if (auto s = kalam::logging::Init(log_options); !s.ok()) {
    std::fprintf(stderr, "kalamdb-server: %s\n", s.message().c_str());
    return kExitConfig;
  }

  // Signals are taken by this thread alone (sigwait): block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto server = kalam::server::Server::Start(*config);
  if (!server.ok()) {
    const std::string& message = server.error().message();
    std::fprintf(stderr, "kalamdb-server: %s\n", message.c_str());
    kalam::logging::Shutdown();
    bool port_taken = server.error().code() == kalam::ErrorCode::kObjectInUse;
    return port_taken ? kExitPortInUse : kExitStartup;
  }
  int received = 0;
  sigwait(&signals, &received);
  (*server)->Stop();
  server->reset();
  kalam::logging::Shutdown();
  return 0;
}
