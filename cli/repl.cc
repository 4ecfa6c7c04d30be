#include "cli/repl.h"

#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <editline/readline.h>

namespace kalam::cli {
namespace {

std::vector<std::string> g_words;  // completion candidates (readline's callbacks take no context)
std::mutex g_words_mu;
link::HttpClient* g_client = nullptr;
std::atomic<bool> g_running{false};

constexpr const char* kKeywords[] = {
    "SELECT", "FROM", "WHERE", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "CREATE", "DROP", "ALTER",
    "TABLE", "USER", "SHARED", "STREAM", "NAMESPACE", "STORAGE", "FLUSH", "COMPACT", "SHOW", "TABLES",
    "NAMESPACES", "USERS", "STORAGES", "DESCRIBE", "ORDER", "BY", "GROUP", "LIMIT", "AND", "OR", "NOT", "NULL",
    "IS", "IN", "LIKE", "AS", "JOIN", "ON", "PRIMARY", "KEY", "DEFAULT", "RETURNING", "SUBSCRIBE", "TO", "KILL",
    "LIVE", "QUERY", "EXECUTE", "WITH", "COUNT", "DISTINCT", "USE", "IF", "EXISTS", "CASCADE"};
constexpr const char* kMeta[] = {"\\q", "\\?", "\\dt", "\\dn", "\\du", "\\d", "\\x", "\\timing", "\\format",
                                 "\\health", "\\conninfo", "\\i", "\\refresh"};

char* Generate(const char* text, int state) {
  static size_t index;
  static std::vector<std::string> matches;
  if (state == 0) {
    index = 0;
    matches.clear();
    const std::string prefix(text);
    auto upper = [](std::string s) {
      for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return s;
    };
    const std::string up = upper(prefix);
    std::lock_guard lock(g_words_mu);
    std::set<std::string> seen;
    for (const auto& w : g_words) {
      const bool keyword = !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
      if (keyword ? upper(w).rfind(up, 0) == 0 : w.rfind(prefix, 0) == 0) {
        // Keywords complete in the case the user typed.
        std::string m = w;
        if (keyword && !prefix.empty() && std::islower(static_cast<unsigned char>(prefix[0]))) {
          for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (seen.insert(m).second) matches.push_back(m);
      }
    }
  }
  if (index >= matches.size()) return nullptr;
  return strdup(matches[index++].c_str());
}

char** Complete(const char* text, int, int) {
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, Generate);
}

/// Keywords, meta-commands and the names the server knows (system.tables / system.columns).
void Refresh(Session& session) {
  std::vector<std::string> words(std::begin(kKeywords), std::end(kKeywords));
  words.insert(words.end(), std::begin(kMeta), std::end(kMeta));
  link::Response r = session.client().Execute(
      "SELECT namespace_id, table_name FROM system.tables; SELECT DISTINCT column_name FROM system.columns");
  if (!r.error && r.results.size() == 2) {
    std::set<std::string> ns;
    for (const auto& row : r.results[0].rows) {
      const std::string n = CellText(row[0]);
      const std::string t = CellText(row[1]);
      ns.insert(n);
      words.push_back(n + "." + t);
      words.push_back(t);
    }
    words.insert(words.end(), ns.begin(), ns.end());
    for (const auto& row : r.results[1].rows) words.push_back(CellText(row[0]));
  }
  std::lock_guard lock(g_words_mu);
  g_words = std::move(words);
}

bool IsDdl(const std::string& sql) {
  size_t a = sql.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return false;
  std::string head = sql.substr(a, 6);
  for (auto& c : head) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return head.rfind("CREATE", 0) == 0 || head.rfind("DROP", 0) == 0 || head.rfind("ALTER", 0) == 0;
}

void OnSigint(int) {
  Interrupted().store(true);
  if (g_running.load() && g_client != nullptr) g_client->Cancel();
}

}  // namespace

bool StatementComplete(const std::string& buffer) {
  bool single = false, dbl = false, line_comment = false;
  int block = 0;
  char last = 0;
  for (size_t i = 0; i < buffer.size(); ++i) {
    const char c = buffer[i];
    const char next = i + 1 < buffer.size() ? buffer[i + 1] : 0;
    if (line_comment) {
      if (c == '\n') line_comment = false;
      continue;
    }
    if (block > 0) {
      if (c == '*' && next == '/') --block, ++i;
      continue;
    }
    if (single) {
      if (c == '\'') single = false;
      continue;
    }
    if (dbl) {
      if (c == '"') dbl = false;
      continue;
    }
    if (c == '-' && next == '-') {
      line_comment = true;
      continue;
    }
    if (c == '/' && next == '*') {
      ++block;
      ++i;
      continue;
    }
    if (c == '\'') single = true;
    else if (c == '"') dbl = true;
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') last = c;
  }
  return !single && !dbl && block == 0 && last == ';';
}

int RunInteractive(Session& session, const std::string& history_path) {
  // The line editor needs a multibyte locale for the prompt's dot (and for UTF-8 input); under
  // the C locale libedit crashes on it.
  if (std::setlocale(LC_CTYPE, "") == nullptr || MB_CUR_MAX == 1) std::setlocale(LC_CTYPE, "C.UTF-8");
  g_client = &session.client();
  rl_attempted_completion_function = Complete;
  using_history();
  read_history(history_path.c_str());
  Refresh(session);
  std::signal(SIGINT, OnSigint);

  // The dot follows a health check every few seconds.
  std::atomic<bool> healthy{true};
  std::atomic<bool> stop{false};
  std::thread health([&] {
    link::HttpClient probe(link::ClientOptions{session.client().url(), 1000});
    while (!stop.load()) {
      healthy.store(!probe.CheckHealth().error.has_value());
      for (int i = 0; i < 30 && !stop.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });

  const bool color = session.settings().color;
  std::string buffer;
  int status = 0;
  while (true) {
    std::string prompt;
    if (buffer.empty()) {
      // \001 \002 tell the line editor that the colour codes take no room.
      prompt = color ? std::string("\001") + (healthy.load() ? "\033[32m" : "\033[31m") + "\002●\001\033[0m\002 kalam> "
                     : "● kalam> ";
    } else {
      prompt = "        -> ";
    }
    char* raw = readline(prompt.c_str());
    if (raw == nullptr) {  // Ctrl-D
      std::cout << '\n';
      break;
    }
    std::string line(raw);
    std::free(raw);
    const size_t first = line.find_first_not_of(" \t");
    if (buffer.empty() && first == std::string::npos) continue;
    if (buffer.empty() && line[first] == '\\') {
      add_history(line.c_str());
      bool quit = false;
      const std::string meta = line.substr(first);
      if (meta.rfind("\\refresh", 0) == 0) {
        Refresh(session);
        std::cout << "Completion names reloaded.\n";
        continue;
      }
      g_running = true;
      session.RunMeta(meta, &quit);
      g_running = false;
      if (quit) break;
      continue;
    }
    buffer += (buffer.empty() ? "" : "\n") + line;
    if (!StatementComplete(buffer)) continue;
    add_history(buffer.c_str());
    g_running = true;
    const bool ok = session.RunSql(buffer);
    g_running = false;
    if (ok && IsDdl(buffer)) Refresh(session);
    buffer.clear();
  }
  stop = true;
  health.join();
  write_history(history_path.c_str());
  return status;
}

}  // namespace kalam::cli
