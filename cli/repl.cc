#include "cli/repl.h"

#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <poll.h>
#include <unistd.h>

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
    "NAMESPACES", "USERS", "STORAGES", "JOBS", "JOB", "DESCRIBE", "ORDER", "BY", "GROUP", "LIMIT", "AND", "OR", "NOT", "NULL",
    "IS", "IN", "LIKE", "AS", "JOIN", "ON", "PRIMARY", "KEY", "DEFAULT", "RETURNING", "SUBSCRIBE", "TO", "KILL",
    "LIVE", "QUERY", "EXECUTE", "WITH", "COUNT", "DISTINCT", "USE", "IF", "EXISTS", "CASCADE", "CONFLICT", "DO",
    "NOTHING", "EXCLUDED", "BETWEEN", "USING"};
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

// ---- the grey inline suggestion: drawn after the cursor before each key is read ----

std::string g_pending;     // bytes handed to the line editor one by one (an accepted suggestion)
std::string g_suggestion;  // the grey text shown now ("" when none)
bool g_suggest_enabled = true;
// The line as typed so far. libedit does not publish its buffer while editing, so the key reader
// follows the keys itself; after anything it cannot follow (Tab, arrows, other control keys) it
// stops suggesting until the next line.
std::string g_typed;
bool g_typed_valid = true;

void Track(int c) {
  if (c == '\r' || c == '\n' || c == 0x03 || c == 0x15) {  // Enter, Ctrl-C, Ctrl-U: a new line
    g_typed.clear();
    g_typed_valid = true;
  } else if (c == 0x7f || c == 0x08) {  // Backspace
    while (!g_typed.empty() && (static_cast<unsigned char>(g_typed.back()) & 0xC0) == 0x80) g_typed.pop_back();
    if (!g_typed.empty()) g_typed.pop_back();
  } else if (c >= 0x20) {
    g_typed.push_back(static_cast<char>(c));
  } else {
    g_typed_valid = false;
  }
}

/// The rest of the first completion candidate for the word before the cursor, if the line is
/// known and the word has a longer candidate.
std::string SuggestionFor() {
  if (!g_typed_valid || g_typed.empty()) return {};
  const std::string& line = g_typed;
  size_t start = line.find_last_of(" \t(,=");
  start = start == std::string::npos ? 0 : start + 1;
  const std::string word = line.substr(start);
  if (word.size() < 2) return {};
  auto upper = [](std::string w) {
    for (auto& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return w;
  };
  const std::string up = upper(word);
  std::lock_guard lock(g_words_mu);
  for (const auto& w : g_words) {
    if (w.size() <= word.size()) continue;
    const bool keyword = std::isupper(static_cast<unsigned char>(w[0])) != 0;
    if (keyword ? upper(w).rfind(up, 0) == 0 : w.rfind(word, 0) == 0) {
      std::string rest = w.substr(word.size());
      if (keyword && std::islower(static_cast<unsigned char>(word.back())) != 0) {
        for (auto& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      return rest;
    }
  }
  return {};
}

/// One byte of input; EOF when `wait_ms` >= 0 passes without one (a lone Esc key).
int ReadByte(FILE* in, int wait_ms = -1) {
  if (wait_ms >= 0) {
    pollfd p{fileno(in), POLLIN, 0};
    if (::poll(&p, 1, wait_ms) <= 0) return EOF;
  }
  unsigned char c = 0;
  return ::read(fileno(in), &c, 1) == 1 ? c : EOF;
}

/// libedit's key reader: shows the suggestion in grey, erases it when a key comes, and turns → or
/// End at the end of the line into the suggestion's characters (typed for the user).
int NextKey(FILE* in);

int GetcWithSuggestion(FILE* in) {
  const int c = NextKey(in);
  if (c != EOF) Track(c);
  return c;
}

int NextKey(FILE* in) {
  if (!g_pending.empty()) {
    const int c = static_cast<unsigned char>(g_pending.front());
    g_pending.erase(0, 1);
    return c;
  }
  g_suggestion = g_suggest_enabled ? SuggestionFor() : std::string();
  if (!g_suggestion.empty()) {
    std::fprintf(stdout, "\033[90m%s\033[0m\033[%zuD", g_suggestion.c_str(), g_suggestion.size());
    std::fflush(stdout);
  }
  int c = ReadByte(in);
  if (!g_suggestion.empty()) {
    std::fputs("\033[K", stdout);  // erase it; the editor redraws what the key changes
    std::fflush(stdout);
  }
  if (c != 0x1b || g_suggestion.empty()) return c;
  // An escape sequence: → is ESC [ C, End is ESC [ F, ESC O F or ESC [ 4 ~.
  std::string seq(1, '\x1b');
  const int c1 = ReadByte(in, 50);
  if (c1 == EOF) return c;
  seq.push_back(static_cast<char>(c1));
  const int c2 = ReadByte(in, 50);
  if (c2 != EOF) seq.push_back(static_cast<char>(c2));
  if (c2 == '4') {
    const int c3 = ReadByte(in, 50);
    if (c3 != EOF) seq.push_back(static_cast<char>(c3));
  }
  if (seq == "\x1b[C" || seq == "\x1b[F" || seq == "\x1bOF" || seq == "\x1b[4~") {
    g_pending = g_suggestion;  // typed for the user, so Track() follows it
  } else {
    g_pending = seq;
    g_typed_valid = false;  // the cursor may move: stop suggesting on this line
  }
  const int first = static_cast<unsigned char>(g_pending.front());
  g_pending.erase(0, 1);
  return first;
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
  g_suggest_enabled = session.settings().color;  // grey needs colours
  rl_getc_function = GetcWithSuggestion;
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
