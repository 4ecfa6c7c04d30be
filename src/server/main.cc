// kalamdb-server [--config FILE]
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
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
  sigaddset(&signals, SIGUSR1);  // from the server itself: restart (a staged RESTORE DATABASE)
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
  const int port = (*server)->port();
  (*server)->Stop();
  server->reset();
  kalam::logging::Shutdown();
  if (received != SIGUSR1) return 0;
  // Restart: the same binary, arguments and environment — and the port it had (which a setting of
  // 0 would not give back). The staged restore is applied before anything is opened.
  const std::string port_text = std::to_string(port);
  ::setenv("KALAMDB_PORT", port_text.c_str(), 1);
  std::fprintf(stderr, "kalamdb-server: restarting to apply a restore\n");
  ::execv("/proc/self/exe", argv);
  std::fprintf(stderr, "kalamdb-server: could not restart: %s\n", std::strerror(errno));
  return kExitStartup;
}
