#include <map>

#include <gtest/gtest.h>

#include "auth/authenticator.h"
#include "auth/jwt.h"
#include "auth/password.h"
#include "common/base64.h"
#include "testing/test_util.h"

namespace kalam::auth {
namespace {

TEST(PasswordTest, HashAndVerify) {
  ASSERT_OK_AND_ASSIGN(auto hash, HashPassword("s3cret"));
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword("s3cret", hash));
  EXPECT_FALSE(VerifyPassword("s3cret!", hash));
  EXPECT_FALSE(VerifyPassword("", ""));
  ASSERT_OK_AND_ASSIGN(auto again, HashPassword("s3cret"));
  EXPECT_NE(hash, again);  // salted
}

TEST(JwtTest, MatchesIndependentlyComputedToken) {
  // Computed with Python's hmac/hashlib over the same header and (key-sorted) payload.
  TokenClaims claims{UserId("alice"), Role::kDba, 1000, 2000};
  std::string token = SignToken(claims, "secret");
  EXPECT_EQ(token,
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            "eyJleHAiOjIwMDAsImlhdCI6MTAwMCwicm9sZSI6ImRiYSIsInN1YiI6ImFsaWNlIn0."
            "J_dEvbW_8tjoDI0zESrtwN8h5mDSjIYyyykdpC1xotY");
  ASSERT_OK_AND_ASSIGN(auto back, VerifyToken(token, "secret", 1500));
  EXPECT_EQ(back.subject.value(), "alice");
  EXPECT_EQ(back.role, Role::kDba);
  EXPECT_EQ(back.expires_at_s, 2000);
  EXPECT_ERROR_CODE(VerifyToken(token, "other", 1500), ErrorCode::kInvalidCredentials);
  EXPECT_ERROR_CODE(VerifyToken(token, "secret", 2000), ErrorCode::kTokenExpired);
  EXPECT_ERROR_CODE(VerifyToken("a.b", "secret", 1), ErrorCode::kInvalidCredentials);
  EXPECT_ERROR_CODE(VerifyToken("...", "secret", 1), ErrorCode::kInvalidCredentials);
  // Tampered payload (role upgrade) fails the signature.
  auto dot1 = token.find('.');
  auto dot2 = token.find('.', dot1 + 1);
  std::string forged = token.substr(0, dot1 + 1) +
                       Base64UrlEncode(R"({"sub":"alice","role":"system","iat":1000,"exp":2000})") +
                       token.substr(dot2);
  EXPECT_ERROR_CODE(VerifyToken(forged, "secret", 1500), ErrorCode::kInvalidCredentials);
}

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    users_["root"] = Principal{UserId("root"), Role::kSystem, "", std::nullopt, 0};
    users_["alice"] = Principal{UserId("alice"), Role::kUser, HashPassword("pw1").value(), std::nullopt, 0};
  }
  Authenticator Make() {
    return Authenticator(AuthOptions{"k", 1},
                         [this](const UserId& id) -> std::optional<Principal> {
                           auto it = users_.find(id.value());
                           if (it == users_.end()) return std::nullopt;
                           return it->second;
                         },
                         &clock_,
                         [this](std::string_view user, LoginOutcome outcome, std::string_view) {
                           outcomes_.emplace_back(std::string(user), outcome);
                         });
  }
  std::map<std::string, Principal> users_;
  std::vector<std::pair<std::string, LoginOutcome>> outcomes_;
  FakeClock clock_{1'700'000'000'000'000LL};
};

TEST_F(AuthenticatorTest, LockedAccountsRefuseEveryPasswordWithoutHashing) {
  auto a = Make();
  const std::string good = "Basic " + Base64Encode("alice:pw1");
  EXPECT_FALSE(a.IsQuick(good));  // needs Argon2id
  ASSERT_OK(a.Authenticate(good, "10.0.0.1"));
  EXPECT_TRUE(a.IsQuick(good));   // verified once: cached
  EXPECT_ERROR_CODE(a.Authenticate("Basic " + Base64Encode("alice:bad"), "10.0.0.1"),
                    ErrorCode::kInvalidCredentials);
  EXPECT_ERROR_CODE(a.Authenticate("Basic " + Base64Encode("ghost:bad"), "10.0.0.1"),
                    ErrorCode::kInvalidCredentials);
  users_["alice"].locked_until_us = clock_.NowMicros() + 1'000'000;
  EXPECT_TRUE(a.IsQuick("Basic " + Base64Encode("alice:anything")));
  auto locked = a.Authenticate(good, "10.0.0.1");  // even the right password
  EXPECT_ERROR_CODE(locked, ErrorCode::kInvalidCredentials);
  EXPECT_NE(locked.error().message().find("locked"), std::string::npos);
  clock_.Advance(2'000'000);
  users_["alice"].failed_logins = 1;
  ASSERT_OK(a.Authenticate(good, "10.0.0.1"));  // cached success is reported: it resets the count
  std::vector<std::pair<std::string, LoginOutcome>> expected = {
      {"alice", LoginOutcome::kSuccess}, {"alice", LoginOutcome::kWrongPassword},
      {"ghost", LoginOutcome::kNoSuchUser}, {"alice", LoginOutcome::kLocked},
      {"alice", LoginOutcome::kSuccess}};
  EXPECT_EQ(outcomes_, expected);
  EXPECT_TRUE(a.IsQuick("Bearer x.y.z"));
}

TEST_F(AuthenticatorTest, BasicAuth) {
  auto a = Make();
  ASSERT_OK_AND_ASSIGN(auto c, a.Authenticate("Basic " + Base64Encode("alice:pw1"), "10.0.0.1"));
  EXPECT_EQ(c.username.value(), "alice");
  EXPECT_EQ(c.role, Role::kUser);
  // Cached path gives the same answers.
  ASSERT_OK(a.Authenticate("Basic " + Base64Encode("alice:pw1"), "10.0.0.1"));
  auto bad = a.Authenticate("Basic " + Base64Encode("alice:nope"), "10.0.0.1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(bad.error().message(), "password authentication failed for user \"alice\"");
  EXPECT_ERROR_CODE(a.Authenticate("Basic " + Base64Encode("bob:x"), "127.0.0.1"),
                    ErrorCode::kInvalidCredentials);
  EXPECT_ERROR_CODE(a.Authenticate("", "127.0.0.1"), ErrorCode::kMissingAuthorization);
  EXPECT_ERROR_CODE(a.Authenticate("Digest x", "127.0.0.1"), ErrorCode::kMissingAuthorization);
  EXPECT_ERROR_CODE(a.Authenticate("Basic !!!", "127.0.0.1"), ErrorCode::kInvalidCredentials);
}

TEST_F(AuthenticatorTest, PasswordChangeInvalidatesCache) {
  auto a = Make();
  ASSERT_OK(a.CheckPassword("alice", "pw1", "1.2.3.4"));
  users_["alice"].password_hash = HashPassword("pw2").value();
  EXPECT_ERROR_CODE(a.CheckPassword("alice", "pw1", "1.2.3.4"), ErrorCode::kInvalidCredentials);
  ASSERT_OK(a.CheckPassword("alice", "pw2", "1.2.3.4"));
}

TEST_F(AuthenticatorTest, EmptyRootPasswordOnlyFromLoopback) {
  auto a = Make();
  ASSERT_OK(a.CheckPassword("root", "", "127.0.0.1"));
  ASSERT_OK(a.CheckPassword("root", "", "::1"));
  EXPECT_ERROR_CODE(a.CheckPassword("root", "", "192.168.1.5"), ErrorCode::kInvalidCredentials);
  EXPECT_ERROR_CODE(a.CheckPassword("root", "x", "127.0.0.1"), ErrorCode::kInvalidCredentials);
}

TEST_F(AuthenticatorTest, TokensFollowTheUser) {
  auto a = Make();
  ASSERT_OK_AND_ASSIGN(auto caller, a.CheckPassword("alice", "pw1", "1.2.3.4"));
  IssuedToken t = a.IssueToken(caller);
  EXPECT_EQ(t.expires_at_us, clock_.NowMicros() + 3600LL * 1000000);
  ASSERT_OK_AND_ASSIGN(auto back, a.Authenticate("Bearer " + t.token, "1.2.3.4"));
  EXPECT_EQ(back.username.value(), "alice");
  users_["alice"].role = Role::kDba;  // role change
  EXPECT_ERROR_CODE(a.CheckToken(t.token, "x"), ErrorCode::kInvalidCredentials);
  users_.erase("alice");  // dropped
  EXPECT_ERROR_CODE(a.CheckToken(t.token, "x"), ErrorCode::kInvalidCredentials);
  users_["alice"] = Principal{UserId("alice"), Role::kUser, "", std::nullopt, 0};
  clock_.Advance(3601LL * 1000000);
  EXPECT_ERROR_CODE(a.CheckToken(t.token, "x"), ErrorCode::kTokenExpired);
}

TEST_F(AuthenticatorTest, VerifiedTokensAreRememberedByTheirExactBytes) {
  auto a = Make();
  ASSERT_OK_AND_ASSIGN(auto caller, a.CheckPassword("alice", "pw1", "1.2.3.4"));
  IssuedToken t = a.IssueToken(caller);
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_ASSIGN(auto back, a.Authenticate("Bearer " + t.token, "1.2.3.4"));
    EXPECT_EQ(back.username.value(), "alice");
    EXPECT_EQ(back.client_addr, "1.2.3.4");
  }
  EXPECT_EQ(a.token_signature_checks(), 1u);  // checked once, then remembered
  // A token differing in one byte (same length) or a prefix is checked, and refused.
  std::string tampered = t.token;
  char& c = tampered[tampered.rfind('.') + 5];  // inside the signature
  c = c == 'A' ? 'B' : 'A';
  EXPECT_ERROR_CODE(a.CheckToken(tampered, "x"), ErrorCode::kInvalidCredentials);
  EXPECT_ERROR_CODE(a.CheckToken(t.token.substr(0, t.token.size() - 1), "x"), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(a.token_signature_checks(), 3u);
  EXPECT_ERROR_CODE(a.CheckToken(tampered, "x"), ErrorCode::kInvalidCredentials);  // never remembered
  EXPECT_EQ(a.token_signature_checks(), 4u);
  // The user's record and the expiry still decide for a remembered token.
  users_["alice"].role = Role::kDba;
  EXPECT_ERROR_CODE(a.CheckToken(t.token, "x"), ErrorCode::kInvalidCredentials);
  users_["alice"].role = Role::kUser;
  ASSERT_OK(a.CheckToken(t.token, "x"));
  clock_.Advance(3601LL * 1000000);
  EXPECT_ERROR_CODE(a.CheckToken(t.token, "x"), ErrorCode::kTokenExpired);
  EXPECT_EQ(a.token_signature_checks(), 4u);
}

}  // namespace
}  // namespace kalam::auth
