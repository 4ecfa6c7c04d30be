#include "auth/jwt.h"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/base64.h"

namespace kalam::auth {
namespace {

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

Status Invalid() { return Status(ErrorCode::kInvalidCredentials, "invalid token"); }

}  // namespace

std::string SignToken(const TokenClaims& claims, std::string_view secret) {
  nlohmann::json payload = {{"sub", claims.subject.value()},
                            {"role", std::string(ToString(claims.role))},
                            {"iat", claims.issued_at_s},
                            {"exp", claims.expires_at_s}};
  std::string signing_input = Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})") + "." +
                              Base64UrlEncode(payload.dump());
  return signing_input + "." + Base64UrlEncode(HmacSha256(secret, signing_input));
}

Result<TokenClaims> VerifyToken(std::string_view token, std::string_view secret, int64_t now_s) {
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Invalid();
  }
  std::string header_json;
  std::string payload_json;
  std::string signature;
  if (!Base64Decode(token.substr(0, dot1), &header_json) ||
      !Base64Decode(token.substr(dot1 + 1, dot2 - dot1 - 1), &payload_json) ||
      !Base64Decode(token.substr(dot2 + 1), &signature)) {
    return Invalid();
  }
  std::string expected = HmacSha256(secret, token.substr(0, dot2));
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return Invalid();
  }
  auto header = nlohmann::json::parse(header_json, nullptr, false);
  auto payload = nlohmann::json::parse(payload_json, nullptr, false);
  if (!header.is_object() || header.value("alg", "") != "HS256" || !payload.is_object()) {
    return Invalid();
  }
  auto sub = payload.find("sub");
  auto role = payload.find("role");
  auto iat = payload.find("iat");
  auto exp = payload.find("exp");
  if (sub == payload.end() || !sub->is_string() || role == payload.end() || !role->is_string() ||
      exp == payload.end() || !exp->is_number_integer()) {
    return Invalid();
  }
  auto parsed_role = ParseEnum<Role>(role->get<std::string>());
  if (!parsed_role.ok()) return Invalid();
  TokenClaims claims{UserId(sub->get<std::string>()), *parsed_role,
                     iat != payload.end() && iat->is_number_integer() ? iat->get<int64_t>() : 0,
                     exp->get<int64_t>()};
  if (claims.expires_at_s <= now_s) return Status(ErrorCode::kTokenExpired, "token has expired");
  return claims;
}

}  // namespace kalam::auth
