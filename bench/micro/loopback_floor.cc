// The floor under W5's "ack → last" with many subscribers (bench/live.sh): how long this machine
// takes just to move one small message to each of N loopback TCP connections and read them all,
// with no database, no WebSocket framing and no JSON — only the `send` and the receiving side's
// epoll + `recv` that any server and any client on the same cores must do per subscriber.
//
//   loopback_floor <connections> <rounds> [sender-threads] [message-bytes]
//
// Sender threads (default 1) each own a slice of the accepted sockets and busy-wait for the next
// round, so no thread wake-up is counted; the receiver is one epoll loop (like build/bench/ws_fanout).
// A round starts when the main thread releases the senders and ends when every connection has its
// message. Prints one JSON line: p50/p99/min of the round time in ms, and µs per message.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "loopback_floor: %s: %s\n", what.c_str(), std::strerror(errno));
  std::exit(1);
}

void Relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

struct Pair {
  int client = -1;  // read by the receiver
  int server = -1;  // written by a sender
  size_t got = 0;   // bytes of this round read so far
};

std::vector<Pair> Connect(size_t n) {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) Fail("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Fail("bind");
  if (::listen(listener, 4096) != 0) Fail("listen");
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::vector<Pair> pairs(n);
  int one = 1;
  for (auto& p : pairs) {
    p.client = ::socket(AF_INET, SOCK_STREAM, 0);
    if (p.client < 0) Fail("socket (raise ulimit -n?)");
    if (::connect(p.client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Fail("connect");
    p.server = ::accept(listener, nullptr, nullptr);
    if (p.server < 0) Fail("accept");
    ::setsockopt(p.server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(p.client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::fcntl(p.client, F_SETFL, O_NONBLOCK);
  }
  ::close(listener);
  return pairs;
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: loopback_floor <connections> <rounds> [sender-threads] [message-bytes]\n");
    return 2;
  }
  const size_t n = std::strtoul(argv[1], nullptr, 10);
  const int rounds = std::atoi(argv[2]);
  const size_t senders = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 1;
  const size_t bytes = argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 160;
  if (n == 0 || rounds <= 0 || senders == 0 || bytes == 0) Fail("bad arguments");

  std::vector<Pair> pairs = Connect(n);
  int ep = ::epoll_create1(0);
  for (size_t i = 0; i < n; ++i) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    if (::epoll_ctl(ep, EPOLL_CTL_ADD, pairs[i].client, &ev) != 0) Fail("epoll_ctl");
  }

  const std::string message(bytes, 'x');
  std::atomic<int> round{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (size_t t = 0; t < senders; ++t) {
    threads.emplace_back([&, t] {
      int seen = 0;
      for (;;) {
        int r;
        while ((r = round.load(std::memory_order_acquire)) == seen && !stop.load(std::memory_order_relaxed)) Relax();
        if (stop.load()) return;
        seen = r;
        for (size_t i = t; i < n; i += senders) {
          if (::send(pairs[i].server, message.data(), message.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(bytes)) {
            Fail("send");
          }
        }
      }
    });
  }

  std::vector<double> ms;
  std::vector<epoll_event> events(1024);
  std::vector<char> buf(64 * 1024);
  for (int r = 0; r < rounds + 5; ++r) {  // the first 5 rounds warm up
    for (auto& p : pairs) p.got = 0;
    size_t complete = 0;
    const auto start = std::chrono::steady_clock::now();
    round.fetch_add(1, std::memory_order_release);
    while (complete < n) {
      int ready = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), 1000);
      if (ready < 0 && errno != EINTR) Fail("epoll_wait");
      for (int e = 0; e < ready; ++e) {
        Pair& p = pairs[events[e].data.u64];
        for (;;) {
          ssize_t got = ::recv(p.client, buf.data(), buf.size(), 0);
          if (got > 0) {
            const bool was_short = p.got < bytes;
            p.got += static_cast<size_t>(got);
            if (was_short && p.got >= bytes) ++complete;
            continue;
          }
          if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
          Fail("recv");
        }
      }
    }
    const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (r >= 5) ms.push_back(elapsed);
  }
  stop = true;
  for (auto& th : threads) th.join();
  const double p50 = Percentile(ms, 0.5);
  std::printf(
      "{\"connections\":%zu,\"rounds\":%d,\"senders\":%zu,\"bytes\":%zu,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
      "\"min_ms\":%.3f,\"us_per_message_p50\":%.2f}\n",
      n, rounds, senders, bytes, p50, Percentile(ms, 0.99), Percentile(ms, 0.0), p50 * 1000.0 / static_cast<double>(n));
  return 0;
}
