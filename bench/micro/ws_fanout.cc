// WebSocket load generator in C++ for the live-query benchmarks (bench/live.sh, W5/W6): the Node
// client of bench/live.mjs spends more CPU receiving a frame than the server spends sending it, and
// both share the machine's two cores, so with 1,000 connections it measured the client as much as
// the server. This one opens its connections (one subscription each), writes INSERTs one after
// another over an HTTP keep-alive connection and reads every socket with one epoll loop.
// Prints one JSON line (the fields of bench/live.mjs).
//
//   ws_fanout fanout <port> <token> <connections> <inserts> <rows-per-insert> <server-pid> [table]
//     every INSERT as fast as acknowledged; throughput once every change has arrived everywhere
//   ws_fanout latency <port> <token> <subscribers> <inserts> [table]
//     single-row INSERTs, each waited for at every subscriber: acknowledgement → last arrival
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "ws_fanout: %s\n", what.c_str());
  std::exit(1);
}

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Fail("socket: " + std::string(std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    Fail("connect: " + std::string(std::strerror(errno)));
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

void WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Fail("write: " + std::string(std::strerror(errno)));
    data.remove_prefix(static_cast<size_t>(n));
  }
}

/// A client-to-server text frame (masked, as RFC 6455 requires of clients).
std::string ClientFrame(std::string_view payload) {
  std::string f;
  f.push_back(static_cast<char>(0x81));
  const uint8_t mask[4] = {0x12, 0x34, 0x56, 0x78};
  if (payload.size() < 126) {
    f.push_back(static_cast<char>(0x80 | payload.size()));
  } else {
    f.push_back(static_cast<char>(0x80 | 126));
    f.push_back(static_cast<char>(payload.size() >> 8));
    f.push_back(static_cast<char>(payload.size() & 0xff));
  }
  f.append(reinterpret_cast<const char*>(mask), 4);
  for (size_t i = 0; i < payload.size(); ++i) f.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  return f;
}

/// Rows of a change frame: the entries of its "rows" array.
int ChangeRows(std::string_view frame) {
  size_t at = frame.find("\"rows\":[");
  if (at == std::string_view::npos) return 0;
  int depth = 1;
  int rows = 0;
  bool in_string = false;
  for (size_t i = at + 8; i < frame.size() && depth > 0; ++i) {
    char c = frame[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[') {
      if (depth == 1) ++rows;
      ++depth;
    } else if (c == ']') {
      --depth;
    }
  }
  return rows;
}

/// One WebSocket connection: bytes read and not yet parsed into frames.
struct Conn {
  int fd = -1;
  std::string in;
  std::string message;  // the fragments so far of a message sent in several frames
  std::deque<std::string> texts;  // setup only: frames read and not yet looked at
};

/// Parses the complete server frames in `c.in` (servers never mask); calls on_text per text frame.
template <typename F>
void ParseFrames(Conn& c, F&& on_text) {
  size_t pos = 0;
  while (c.in.size() - pos >= 2) {
    const auto* p = reinterpret_cast<const uint8_t*>(c.in.data() + pos);
    const uint8_t opcode = p[0] & 0x0f;
    uint64_t len = p[1] & 0x7f;
    size_t header = 2;
    if (len == 126) {
      if (c.in.size() - pos < 4) break;
      len = (uint64_t{p[2]} << 8) | p[3];
      header = 4;
    } else if (len == 127) {
      if (c.in.size() - pos < 10) break;
      len = 0;
      for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
      header = 10;
    }
    if (c.in.size() - pos - header < len) break;
    std::string_view payload(c.in.data() + pos + header, len);
    const bool fin = (p[0] & 0x80) != 0;
    if (opcode == 0x1 || opcode == 0x0) {  // a text frame or a continuation of a fragmented one
      if (fin && opcode == 0x1) {
        on_text(payload);
      } else {
        c.message.append(payload);
        if (fin) {
          on_text(c.message);
          c.message.clear();
        }
      }
    } else if (opcode == 0x9) {  // ping → pong with the same payload
      std::string pong = ClientFrame(payload);
      pong[0] = static_cast<char>(0x8a);
      WriteAll(c.fd, pong);
    } else if (opcode == 0x8) {
      Fail("the server closed a connection: " + std::string(payload.size() > 2 ? payload.substr(2) : ""));
    }
    pos += header + len;
  }
  c.in.erase(0, pos);
}

/// Blocks until `c` has a text frame; returns it (frames read with it wait in `c.texts`).
std::string ReadText(Conn& c) {
  char buf[65536];
  while (c.texts.empty()) {
    ssize_t n = ::read(c.fd, buf, sizeof buf);
    if (n <= 0) Fail("read during setup: the server closed the connection");
    c.in.append(buf, static_cast<size_t>(n));
    ParseFrames(c, [&](std::string_view t) { c.texts.emplace_back(t); });
  }
  std::string got = std::move(c.texts.front());
  c.texts.pop_front();
  return got;
}

Conn OpenSubscriber(int port, const std::string& token, const std::string& sql) {
  Conn c;
  c.fd = Connect(port);
  WriteAll(c.fd, "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
  char buf[4096];
  while (c.in.find("\r\n\r\n") == std::string::npos) {
    ssize_t n = ::read(c.fd, buf, sizeof buf);
    if (n <= 0) Fail("handshake: the server closed the connection");
    c.in.append(buf, static_cast<size_t>(n));
  }
  if (c.in.rfind("HTTP/1.1 101", 0) != 0) Fail("handshake refused: " + c.in.substr(0, c.in.find('\r')));
  c.in.erase(0, c.in.find("\r\n\r\n") + 4);
  ParseFrames(c, [&](std::string_view t) { c.texts.emplace_back(t); });
  WriteAll(c.fd, ClientFrame(R"({"type":"authenticate","token":")" + token + "\"}"));
  std::string reply = ReadText(c);
  if (reply.find("auth_success") == std::string::npos) Fail("authenticate: " + reply);
  WriteAll(c.fd, ClientFrame(R"({"type":"subscribe","id":"s0","sql":")" + sql + "\"}"));
  for (;;) {
    reply = ReadText(c);
    if (reply.find("\"type\":\"ready\"") != std::string::npos) break;
    if (reply.find("\"type\":\"error\"") != std::string::npos) Fail("subscribe: " + reply);
  }
  return c;
}

/// POSTs `sql` on the keep-alive connection `fd` and reads the whole response; fails unless 200.
void PostSql(int fd, const std::string& token, const std::string& sql) {
  std::string body = "{\"sql\":\"" + sql + "\"}";
  std::string req = "POST /v1/api/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Authorization: Bearer " + token + "\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\n\r\n" + body;
  WriteAll(fd, req);
  std::string resp;
  char buf[16384];
  size_t need = std::string::npos;
  while (need == std::string::npos || resp.size() < need) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) Fail("HTTP: the server closed the connection");
    resp.append(buf, static_cast<size_t>(n));
    size_t end = resp.find("\r\n\r\n");
    if (need == std::string::npos && end != std::string::npos) {
      size_t cl = resp.find("Content-Length: ");
      if (cl == std::string::npos) cl = resp.find("content-length: ");
      if (cl == std::string::npos || cl > end) Fail("HTTP response without Content-Length");
      need = end + 4 + std::strtoul(resp.c_str() + cl + 16, nullptr, 10);
    }
  }
  if (resp.rfind("HTTP/1.1 200", 0) != 0) Fail("INSERT failed: " + resp);
}

double CpuSeconds(int pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::istringstream rest(all.substr(all.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 0; i < 13 && rest >> field; ++i) {
    if (i == 11 || i == 12) ticks += std::stod(field);  // utime, stime
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::vector<Conn> OpenSubscribers(int port, const std::string& token, int n, const std::string& table) {
  std::vector<Conn> conns;
  conns.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) conns.push_back(OpenSubscriber(port, token, "SELECT id FROM " + table));
  return conns;
}

/// An epoll set over every connection (its index as the event's data).
int Poll(const std::vector<Conn>& conns) {
  int ep = ::epoll_create1(0);
  for (size_t i = 0; i < conns.size(); ++i) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    if (::epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev) != 0) Fail("epoll_ctl");
  }
  return ep;
}

/// Waits up to `timeout_ms` for readable connections, reads each once and hands every complete text
/// frame to on_text. Returns how many connections were read (0: the wait timed out).
template <typename F>
int ReadReady(int ep, std::vector<Conn>& conns, int timeout_ms, F&& on_text) {
  epoll_event events[256];
  char buf[65536];
  int n = 0;
  do {
    n = ::epoll_wait(ep, events, 256, timeout_ms);
  } while (n < 0 && errno == EINTR);
  if (n < 0) Fail("epoll_wait: " + std::string(std::strerror(errno)));
  for (int e = 0; e < n; ++e) {
    Conn& c = conns[events[e].data.u64];
    ssize_t got = ::read(c.fd, buf, sizeof buf);
    if (got <= 0) Fail("a subscriber's connection closed");
    c.in.append(buf, static_cast<size_t>(got));
    ParseFrames(c, on_text);
  }
  return n;
}

/// Ids no earlier run against the same table used.
int64_t UniqueBase() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
             .count() * 100;
}

/// The id of a single-row change frame (`"rows":[["<id>"`), or -1.
int64_t ChangeId(std::string_view frame) {
  size_t at = frame.find("\"rows\":[[\"");
  if (at == std::string_view::npos) return -1;
  return std::strtoll(frame.data() + at + 10, nullptr, 10);
}

double Percentile(std::vector<double> xs, double p) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  return xs[std::min(xs.size() - 1, static_cast<size_t>(p * static_cast<double>(xs.size())))];
}

int Latency(int port, const std::string& token, int subscribers, int inserts, const std::string& table) {
  std::vector<Conn> conns = OpenSubscribers(port, token, subscribers, table);
  int ep = Poll(conns);
  int fd = Connect(port);
  const int64_t base = UniqueBase();
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::vector<double> ack, send, first;
  for (int i = 0; i < inserts; ++i) {
    const int64_t id = base + i;
    const auto t0 = Clock::now();
    PostSql(fd, token, "INSERT INTO " + table + " VALUES (" + std::to_string(id) + ")");
    const auto t1 = Clock::now();
    int got = 0;
    Clock::time_point first_at{}, last_at{};
    while (got < subscribers) {
      const int read = ReadReady(ep, conns, 10000, [&](std::string_view text) {
        if (ChangeId(text) != id) return;
        last_at = Clock::now();
        if (got++ == 0) first_at = last_at;
      });
      if (read == 0) Fail("a change did not reach every subscriber within 10 s");
    }
    send.push_back(ms(last_at - t0));
    ack.push_back(std::max(0.0, ms(last_at - t1)));
    first.push_back(std::max(0.0, ms(first_at - t1)));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::printf("{\"subscribers\":%d,\"inserts\":%d,\"first_p50\":%.4f,\"ack_p50\":%.4f,\"ack_p99\":%.4f,"
              "\"send_p50\":%.4f,\"send_p99\":%.4f,\"client\":\"c++\"}\n",
              subscribers, inserts, Percentile(first, 0.5), Percentile(ack, 0.5), Percentile(ack, 0.99),
              Percentile(send, 0.5), Percentile(send, 0.99));
  for (auto& c : conns) ::close(c.fd);
  ::close(fd);
  return 0;
}

int Fanout(int port, const std::string& token, int connections, int inserts, int rows_per_insert, int pid,
           const std::string& table) {
  std::vector<Conn> conns = OpenSubscribers(port, token, connections, table);
  int ep = Poll(conns);
  const int64_t expected = int64_t{connections} * inserts * rows_per_insert;
  const int64_t base = UniqueBase();
  const double cpu0 = CpuSeconds(pid);
  const auto t0 = std::chrono::steady_clock::now();
  std::thread writer([&] {
    int fd = Connect(port);
    for (int b = 0; b < inserts; ++b) {
      std::string sql = "INSERT INTO " + table + " VALUES ";
      for (int k = 0; k < rows_per_insert; ++k) {
        if (k > 0) sql += ",";
        sql += "(" + std::to_string(base + int64_t{b} * rows_per_insert + k) + ")";
      }
      PostSql(fd, token, sql);
    }
    ::close(fd);
  });

  int64_t frames = 0;
  int64_t changes = 0;
  auto last_progress = std::chrono::steady_clock::now();
  while (changes < expected) {
    const int read = ReadReady(ep, conns, 1000, [&](std::string_view text) {
      if (text.rfind("{\"type\":\"change\"", 0) != 0) return;
      ++frames;
      changes += ChangeRows(text);
    });
    if (read > 0) {
      last_progress = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - last_progress > std::chrono::seconds(60)) {
      Fail("no change for 60 s: " + std::to_string(changes) + " of " + std::to_string(expected));
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = CpuSeconds(pid) - cpu0;
  writer.join();
  for (auto& c : conns) ::close(c.fd);
  std::printf("{\"connections\":%d,\"changes\":%lld,\"frames\":%lld,\"seconds\":%.4f,\"changes_per_s\":%.1f,"
              "\"frames_per_s\":%.1f,\"server_cpu_s_per_1k_changes\":%.5f,\"client\":\"c++\"}\n",
              connections, static_cast<long long>(changes), static_cast<long long>(frames), seconds,
              static_cast<double>(changes) / seconds, static_cast<double>(frames) / seconds,
              cpu / static_cast<double>(changes) * 1000);
  return changes == expected ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "fanout" && argc >= 8) {
    return Fanout(std::atoi(argv[2]), argv[3], std::atoi(argv[4]), std::atoi(argv[5]), std::atoi(argv[6]),
                  std::atoi(argv[7]), argc > 8 ? argv[8] : "bench.fan");
  }
  if (mode == "latency" && argc >= 6) {
    return Latency(std::atoi(argv[2]), argv[3], std::atoi(argv[4]), std::atoi(argv[5]), argc > 6 ? argv[6] : "bench.feed");
  }
  Fail("usage: ws_fanout fanout <port> <token> <connections> <inserts> <rows-per-insert> <server-pid> [table]\n"
       "       ws_fanout latency <port> <token> <subscribers> <inserts> [table]");
}
