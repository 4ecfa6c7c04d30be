// kalam-link in use (and under test: tests/e2e/link.test.mjs): health check, login, SQL with
// parameters, a prepared statement run several times, errors, and a live subscription.
//   link_demo <url> <username> <password>
// Prints one line per step.
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>

#include "link/core/statement_cache.h"
#include "link/native/http_client.h"
#include "link/native/live_client.h"

using namespace kalam::link;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: link_demo URL USER PASSWORD\n";
    return 2;
  }
  HttpClient client(ClientOptions{argv[1], 5000});
  Health health = client.CheckHealth();
  if (health.error) {
    std::cout << "health: " << health.error->code << "\n";
    return 2;
  }
  std::cout << "health: " << health.status << "\n";
  LoginResult login = client.Login(argv[2], argv[3]);
  if (login.error) {
    std::cout << "login: " << login.error->code << "\n";
    return 2;
  }
  std::cout << "login: " << login.username << " " << login.role << "\n";

  Response created = client.Execute("CREATE NAMESPACE IF NOT EXISTS demo; "
                                    "CREATE SHARED TABLE IF NOT EXISTS demo.notes (id BIGINT PRIMARY KEY, body TEXT) "
                                    "WITH (ACCESS_LEVEL='public')");
  std::cout << "create: " << (created.error ? created.error->code : "ok") << "\n";

  StatementCache cache;
  auto insert = cache.Prepare("INSERT INTO demo.notes VALUES ($1, $2)");
  for (int i = 1; i <= 3; ++i) {
    Response r = client.Execute(*insert, {Cell(i), Cell("note " + std::to_string(i))});
    std::cout << "insert: " << (r.error ? r.error->code : r.results.at(0).message) << "\n";
  }
  Response wrong = client.Execute(*cache.Prepare("INSERT INTO demo.notes VALUES ($1, $2)"), {Cell(9)});
  std::cout << "wrong params: " << wrong.error->code << " (cache hits " << cache.hits() << ")\n";
  Response dup = client.Execute(*insert, {Cell(1), Cell("again")});
  std::cout << "duplicate: " << dup.error->code << " " << dup.error->sqlstate << "\n";

  Response rows = client.Execute("SELECT id, body FROM demo.notes WHERE id >= $1 ORDER BY id", {Cell(2)});
  const QueryResult& q = rows.results.at(0);
  std::cout << "select: " << q.columns.at(0).name << "," << q.columns.at(1).name << " " << q.columns.at(0).data_type;
  for (const auto& row : q.rows) std::cout << " [" << row.at(0).get<std::string>() << "|" << row.at(1).get<std::string>() << "]";
  std::cout << "\n";

  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> seen;
  LiveCallbacks callbacks;
  callbacks.on_frame = [&](const ServerFrame& f) {
    std::lock_guard lock(mu);
    if (f.type == ServerFrame::Type::kInitialDataBatch) seen.push_back("rows " + std::to_string(f.rows.size()));
    if (f.type == ServerFrame::Type::kReady) seen.push_back("ready");
    if (f.type == ServerFrame::Type::kChange) seen.push_back(f.change_type + " " + f.rows.at(0).at(1).get<std::string>());
    cv.notify_all();
  };
  LiveClient live(argv[1], client.authorization(), callbacks);
  live.Subscribe("notes", "SELECT id, body FROM demo.notes WHERE id > 1");
  {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return !seen.empty() && seen.back() == "ready"; });
  }
  client.Execute(*insert, {Cell(4), Cell("live one")});
  {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return seen.size() >= 3; });
    std::cout << "live:";
    for (const auto& s : seen) std::cout << " " << s << ";";
    std::cout << "\n";
  }
  live.Close();
  return 0;
}
