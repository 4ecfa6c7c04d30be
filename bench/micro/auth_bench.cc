// Micro-benchmark: what authentication costs per request (issue: Users, roles and access —
// "authentication must not dominate a request"). Run by bench/auth.sh; figures in bench/RESULTS.md.
#include <benchmark/benchmark.h>

#include "auth/authenticator.h"
#include "auth/jwt.h"
#include "auth/password.h"
#include "common/base64.h"

namespace kalam::auth {
namespace {

struct Fixture {
  Fixture()
      : clock(1'800'000'000'000'000LL),
        authenticator(AuthOptions{"bench-secret-0123456789abcdef", 24},
                      [this](const UserId& id) -> std::optional<Principal> {
                        if (id.value() != "alice") return std::nullopt;
                        return principal;
                      },
                      &clock) {
    principal = Principal{UserId("alice"), Role::kUser, HashPassword("alice-pass").value(), std::nullopt, 0};
    token = "Bearer " + authenticator.IssueToken(Caller{UserId("alice"), Role::kUser, ""}).token;
    basic = "Basic " + Base64Encode("alice:alice-pass");
  }
  FakeClock clock;
  Principal principal;
  Authenticator authenticator;
  std::string token;
  std::string basic;
};

Fixture& Shared() {
  static Fixture f;
  return f;
}

void BM_BearerToken(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) benchmark::DoNotOptimize(f.authenticator.Authenticate(f.token, "127.0.0.1"));
}
BENCHMARK(BM_BearerToken);

// A token's first use: the signature check and claims parsing a remembered token skips.
void BM_BearerTokenFirstUse(benchmark::State& state) {
  Fixture& f = Shared();
  const std::string token = f.token.substr(7);  // without "Bearer "
  for (auto _ : state) {
    benchmark::DoNotOptimize(VerifyToken(token, "bench-secret-0123456789abcdef", f.clock.NowMicros() / 1000000));
  }
}
BENCHMARK(BM_BearerTokenFirstUse);

void BM_BasicCached(benchmark::State& state) {
  Fixture& f = Shared();
  (void)f.authenticator.Authenticate(f.basic, "127.0.0.1");  // verified once, then cached
  for (auto _ : state) benchmark::DoNotOptimize(f.authenticator.Authenticate(f.basic, "127.0.0.1"));
}
BENCHMARK(BM_BasicCached);

void BM_PasswordHashCheck(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) benchmark::DoNotOptimize(VerifyPassword("alice-pass", f.principal.password_hash));
}
BENCHMARK(BM_PasswordHashCheck)->Unit(benchmark::kMillisecond)->Iterations(10);

}  // namespace
}  // namespace kalam::auth

BENCHMARK_MAIN();
