#include "cli/session.h"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include "link/native/live_client.h"
#include <iomanip>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

namespace kalam::cli {
namespace {

/// Draws "⠋ 1.2 s" on stderr while a statement runs longer than 200 ms; erases it when done.
class Spinner {
 public:
  explicit Spinner(bool enabled) {
    if (!enabled) return;
    thread_ = std::thread([this] {
      static constexpr const char* kFrames[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
      const auto start = std::chrono::steady_clock::now();
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, std::chrono::milliseconds(200), [&] { return done_; })) return;
      for (int i = 0; !done_; ++i) {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(stderr, "\r%s %.1f s", kFrames[i % 10], s);
        std::fflush(stderr);
        drawn_ = true;
        cv_.wait_for(lock, std::chrono::milliseconds(100), [&] { return done_; });
      }
    });
  }
  ~Spinner() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    if (drawn_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

std::string Trim(std::string_view s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return {};
  const size_t b = s.find_last_not_of(" \t\r\n;");
  return std::string(s.substr(a, b + 1 - a));
}

/// psql's name pattern (`*` any characters, `?` one) as a LIKE pattern; `%`, `_` and `\\` literal.
std::string LikeOfPattern(std::string_view pattern) {
  std::string out;
  for (char c : pattern) {
    if (c == '*') {
      out.push_back('%');
    } else if (c == '?') {
      out.push_back('_');
    } else {
      if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

std::string QuoteLiteral(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

constexpr const char* kHelp = R"(General
  \q                  quit (also Ctrl-D)
  \?                  this help
  \conninfo           where and as whom you are connected
  \health             ask the server's health check
Informational
  \dt [NS[.TABLE]]    list tables (psql patterns: app.msg*, *.users)
  \dn                 list namespaces
  \du                 list users
  \d TABLE            describe a table
Formatting
  \x                  expanded output on/off
  \timing             show how long each statement takes on/off
  \format table|json|csv   output format
Live queries
  \subscribe SQL      print the rows, then every change, until Ctrl-C
  \unsubscribe        (a \subscribe ends with Ctrl-C)
Input
  \i FILE             run the SQL in FILE
  \refresh            reload the names completion offers
)";

}  // namespace

std::atomic<bool>& Interrupted() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {

std::string RowText(const std::vector<link::Column>& columns, const link::CellRow& row) {
  std::string out;
  for (size_t c = 0; c < columns.size() && c < row.size(); ++c) {
    if (c > 0) out += ", ";
    out += columns[c].name + "=" + (row[c].is_null() ? std::string("NULL") : CellText(row[c]));
  }
  return out;
}

}  // namespace

bool Session::Subscribe(const std::string& sql) {
  std::mutex mu;
  std::condition_variable cv;
  bool failed = false;
  bool done = false;
  std::vector<link::Column> columns;
  link::QueryResult initial;
  link::LiveCallbacks callbacks;
  callbacks.on_frame = [&](const link::ServerFrame& f) {
    std::lock_guard lock(mu);
    using T = link::ServerFrame::Type;
    switch (f.type) {
      case T::kSubscriptionAck:
        // The server appends `_seq` to every row; the CLI shows the columns asked for.
        columns = f.columns;
        if (!columns.empty() && columns.back().name == "_seq") columns.pop_back();
        initial.has_rows = true;
        initial.columns = columns;
        break;
      case T::kInitialDataBatch:
        for (const auto& row : f.rows) initial.rows.emplace_back(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(std::min(row.size(), columns.size())));
        break;
      case T::kReady:
        if (initial.has_rows) std::cout << FormatAligned(initial);
        initial = {};
        std::cout << "Live query running (seq " << f.seq << "); changes follow. Press Ctrl-C to stop.\n";
        break;
      case T::kChange:
        for (size_t i = 0; i < std::max(f.rows.size(), f.old_rows.size()); ++i) {
          std::string line = f.change_type == "insert" ? "INSERT  " : f.change_type == "update" ? "UPDATE  " : "DELETE  ";
          if (f.change_type == "delete") {
            line += RowText(columns, f.old_rows[i]);
          } else {
            line += RowText(columns, f.rows[i]);
            if (f.change_type == "update" && i < f.old_rows.size()) line += "  (was: " + RowText(columns, f.old_rows[i]) + ")";
          }
          std::cout << line << '\n';
        }
        break;
      case T::kError:
        std::cerr << "ERROR:  " << f.error.message << '\n';
        failed = true;
        done = true;
        break;
      default:
        break;
    }
    std::cout.flush();
    cv.notify_all();
  };
  callbacks.on_connection = [&](bool up, const std::string& reason) {
    std::lock_guard lock(mu);
    if (!up) std::cerr << "kalam: live connection lost (" << reason << "); reconnecting and resuming…\n";
  };
  Interrupted() = false;
  link::LiveClient live(client_->url(), client_->authorization(), std::move(callbacks));
  live.Subscribe("cli", sql);
  {
    std::unique_lock lock(mu);
    while (!done && !Interrupted().load()) cv.wait_for(lock, std::chrono::milliseconds(100));
  }
  live.Close();
  Interrupted() = false;
  if (!failed) std::cout << "Live query stopped.\n";
  return !failed;
}

link::Response Session::Execute(std::string_view sql) {
  Spinner spinner(settings_.spinner && ::isatty(STDERR_FILENO));
  return client_->Execute(sql);
}

void Session::Print(const link::QueryResult& result) {
  switch (settings_.format) {
    case OutputFormat::kJson:
      std::cout << FormatJson(result);
      return;
    case OutputFormat::kCsv:
      std::cout << FormatCsv(result);
      return;
    case OutputFormat::kTable:
      if (!result.has_rows) {
        std::cout << result.message << '\n';
      } else {
        std::cout << (settings_.expanded ? FormatExpanded(result) : FormatAligned(result));
      }
      return;
  }
}

bool Session::RunSql(std::string_view sql) {
  const auto start = std::chrono::steady_clock::now();
  link::Response response = Execute(sql);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  for (const auto& r : response.results) Print(r);
  if (response.error) {
    std::cout.flush();
    std::cerr << FormatError(*response.error, sql);
  }
  if (settings_.timing) std::cout << "Time: " << std::fixed << std::setprecision(3) << ms << " ms\n" << std::defaultfloat;
  std::cout.flush();
  return !response.error;
}

bool Session::Describe(std::string_view table) {
  const std::string name(table);
  const size_t dot = name.find('.');
  if (dot == std::string::npos) {
    std::cerr << "ERROR:  name the table with its namespace: \\d namespace.table\n";
    return false;
  }
  return RunSql("SELECT column_name, data_type, is_nullable, column_default FROM system.columns WHERE namespace_id = " +
                QuoteLiteral(name.substr(0, dot)) + " AND table_name = " + QuoteLiteral(name.substr(dot + 1)) +
                " ORDER BY ordinal_position");
}

bool Session::RunMeta(std::string_view line, bool* quit) {
  std::string text = Trim(line);
  std::string command = text;
  std::string arg;
  if (size_t sp = text.find_first_of(" \t"); sp != std::string::npos) {
    command = text.substr(0, sp);
    arg = Trim(text.substr(sp + 1));
  }
  if (command == "\\q") {
    *quit = true;
    return true;
  }
  if (command == "\\?") {
    std::cout << kHelp;
    return true;
  }
  if (command == "\\x") {
    settings_.expanded = !settings_.expanded;
    std::cout << "Expanded display is " << (settings_.expanded ? "on" : "off") << ".\n";
    return true;
  }
  if (command == "\\timing") {
    settings_.timing = arg.empty() ? !settings_.timing : arg == "on";
    std::cout << "Timing is " << (settings_.timing ? "on" : "off") << ".\n";
    return true;
  }
  if (command == "\\format") {
    if (arg == "table") settings_.format = OutputFormat::kTable;
    else if (arg == "json") settings_.format = OutputFormat::kJson;
    else if (arg == "csv") settings_.format = OutputFormat::kCsv;
    else {
      std::cerr << "\\format: expected table, json or csv\n";
      return false;
    }
    std::cout << "Output format is " << arg << ".\n";
    return true;
  }
  if (command == "\\conninfo") {
    std::cout << "You are connected to " << client_->url() << " as user \"" << username_ << "\".\n";
    return true;
  }
  if (command == "\\health") {
    link::Health h = client_->CheckHealth();
    if (h.error) {
      std::cerr << "kalam: the server does not answer: " << h.error->message << '\n';
      return false;
    }
    std::cout << "Server " << client_->url() << " is " << h.status << " (version " << h.version << ").\n";
    return true;
  }
  if (command == "\\dt") {
    std::string sql = "SELECT namespace_id, table_name, table_type FROM system.tables";
    if (!arg.empty()) {
      // NAMESPACE, or psql's NAMESPACE_PATTERN.TABLE_PATTERN (`app.msg*`, `*.users`).
      const size_t dot = arg.find('.');
      sql += " WHERE namespace_id LIKE " + QuoteLiteral(LikeOfPattern(arg.substr(0, dot)));
      if (dot != std::string::npos) sql += " AND table_name LIKE " + QuoteLiteral(LikeOfPattern(arg.substr(dot + 1)));
    }
    return RunSql(sql + " ORDER BY namespace_id, table_name");
  }
  if (command == "\\dn") return RunSql("SELECT namespace_id FROM system.namespaces ORDER BY namespace_id");
  if (command == "\\du") return RunSql("SELECT username, role FROM system.users ORDER BY username");
  if (command == "\\d") {
    if (arg.empty()) return RunMeta("\\dt", quit);
    return Describe(arg);
  }
  if (command == "\\subscribe") {
    if (arg.empty()) {
      std::cerr << "\\subscribe: expected a query, e.g. \\subscribe SELECT * FROM app.messages\n";
      return false;
    }
    return Subscribe(arg);
  }
  if (command == "\\unsubscribe") {
    std::cout << "No live query is running (\\subscribe runs until Ctrl-C).\n";
    return true;
  }
  if (command == "\\i") {
    std::ifstream in(arg);
    if (!in) {
      std::cerr << "kalam: " << arg << ": cannot read the file\n";
      return false;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    return RunSql(buffer.str());
  }
  std::cerr << "invalid command " << command << "\nTry \\? for help.\n";
  return false;
}

}  // namespace kalam::cli
