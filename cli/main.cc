// kalam — the KalamDB command-line client (CONTRACT §9): psql-like, over kalam-link.
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/credentials.h"
#include "cli/repl.h"
#include "cli/session.h"

#ifndef KALAM_VERSION
#define KALAM_VERSION "0.0.0"
#endif

namespace {

using namespace kalam;

/// Appends one line to ~/.kalam/logs/kalam.log (rotated at 1 MiB, one old file kept).
void Log(const std::string& home, const std::string& message) {
  const std::filesystem::path dir = std::filesystem::path(home) / "logs";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::filesystem::path file = dir / "kalam.log";
  if (std::filesystem::exists(file, ec) && std::filesystem::file_size(file, ec) > (1 << 20)) {
    std::filesystem::rename(file, dir / "kalam.1.log", ec);
  }
  std::ofstream out(file, std::ios::app);
  char stamp[32];
  std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  out << stamp << ' ' << message << '\n';
}

std::string ReadPassword(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  const bool tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << '\n';
  }
  return password;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kalam — the KalamDB command-line client"};
  app.set_help_flag("--help", "Print this help and exit");
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string url;
  std::string user;
  bool ask_password = false;
  std::vector<std::string> commands;
  std::string file;
  std::string format = "table";
  bool timing = false;
  bool no_color = false;
  app.add_option("-h,--host", host, "Server host (default 127.0.0.1)");
  app.add_option("-p,--port", port, "Server port (default 8080)");
  app.add_option("--url", url, "Server URL, e.g. http://127.0.0.1:8080 (instead of -h/-p)");
  app.add_option("-U,--username", user, "User name (default: the stored token's user, else root)");
  app.add_flag("-W,--password", ask_password, "Prompt for the password");
  app.add_option("-c,--command", commands, "Run SQL (repeatable) and exit");
  app.add_option("-f,--file", file, "Run the SQL in FILE and exit");
  app.add_option("--format", format, "Output format")->check(CLI::IsMember({"table", "json", "csv"}));
  app.add_flag("--timing", timing, "Print each statement's time (default on interactively)");
  app.add_flag("--no-color", no_color, "No colours");
  app.set_version_flag("--version", std::string("kalam ") + KALAM_VERSION);
  CLI11_PARSE(app, argc, argv);

  if (url.empty()) url = "http://" + host + ":" + std::to_string(port);
  const std::string home = cli::KalamHome();
  link::HttpClient client(link::ClientOptions{url, 5000});

  // The server must answer before anything else (no prompt for an unreachable server).
  link::Health health = client.CheckHealth();
  if (health.error) {
    std::cerr << "kalam: could not connect to server at " << url << ": " << health.error->message << '\n';
    Log(home, "could not connect to " + url + ": " + health.error->message);
    return 2;
  }

  // Credentials: a password (-W, KALAM_PASSWORD, or root's empty one) logs in and the token is
  // stored; without one a stored token for this server is used.
  cli::CredentialStore store((std::filesystem::path(home) / "credentials.toml").string());
  const char* env_password = std::getenv("KALAM_PASSWORD");
  auto stored = store.Get(url);
  std::string username = user;
  bool use_token = !ask_password && env_password == nullptr && stored && (user.empty() || stored->username == user);
  if (use_token) {
    client.SetAuthorization("Bearer " + stored->token);
    username = stored->username;
    link::Response probe = client.Execute("SELECT 1");
    if (probe.error && probe.error->http_status == 401) {
      store.Remove(url);
      use_token = false;
      if (user.empty()) username.clear();
    }
  }
  if (!use_token) {
    if (username.empty()) username = "root";
    std::string password;
    if (ask_password) {
      password = ReadPassword("Password for user " + username + ": ");
    } else if (env_password != nullptr) {
      password = env_password;
    }
    link::LoginResult login = client.Login(username, password);
    if (login.error) {
      std::cerr << "kalam: login as \"" << username << "\" failed: " << login.error->message << '\n';
      Log(home, "login as " + username + " at " + url + " failed: " + login.error->message);
      return 2;
    }
    if (!store.Put(url, cli::StoredToken{login.username, login.token, login.expires_at})) {
      std::cerr << "kalam: warning: could not store the token in " << home << "/credentials.toml\n";
    }
  }
  Log(home, "connected to " + url + " as " + username);

  cli::Settings settings;
  settings.format = format == "json" ? cli::OutputFormat::kJson
                    : format == "csv" ? cli::OutputFormat::kCsv
                                      : cli::OutputFormat::kTable;
  settings.color = !no_color && ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  const bool batch = !commands.empty() || !file.empty();
  settings.timing = batch ? timing : true;
  settings.spinner = ::isatty(STDERR_FILENO);
  cli::Session session(&client, settings, username);

  if (batch) {
    // Ctrl-C ends a \subscribe or cancels the statement in flight.
    static link::HttpClient* running = &client;
    std::signal(SIGINT, [](int) {
      cli::Interrupted().store(true);
      running->Cancel();
    });
    for (const auto& sql : commands) {
      bool quit = false;
      const size_t first = sql.find_first_not_of(" \t\r\n");
      const bool ok = first != std::string::npos && sql[first] == '\\' ? session.RunMeta(sql.substr(first), &quit)
                                                                        : session.RunSql(sql);
      if (!ok) return 1;
      if (quit) return 0;
    }
    if (!file.empty()) {
      std::ifstream in(file);
      if (!in) {
        std::cerr << "kalam: " << file << ": cannot read the file\n";
        return 1;
      }
      std::stringstream text;
      text << in.rdbuf();
      if (!session.RunSql(text.str())) return 1;
    }
    return 0;
  }
  std::cout << "kalam " << KALAM_VERSION << " — connected to " << url << " as " << username << " (server "
            << health.version << "). Type \\? for help.\n";
  return cli::RunInteractive(session, (std::filesystem::path(home) / "history").string());
}
