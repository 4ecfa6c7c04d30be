#include "link/core/protocol.h"

#include <gtest/gtest.h>

namespace kalam::link {
namespace {

TEST(LinkProtocol, EncodesRequests) {
  EXPECT_EQ(EncodeSqlRequest("SELECT 1"), R"({"sql":"SELECT 1"})");
  EXPECT_EQ(EncodeSqlRequest("SELECT $1", {Cell("a'b"), Cell(2), Cell(nullptr)}, std::string("app")),
            R"({"namespace":"app","params":["a'b",2,null],"sql":"SELECT $1"})");
  EXPECT_EQ(EncodeLoginRequest("u", "p\"w"), R"({"password":"p\"w","username":"u"})");
  EXPECT_EQ(BasicAuthorization("root", ""), "Basic cm9vdDo=");
  EXPECT_EQ(BasicAuthorization("alice", "secret"), "Basic YWxpY2U6c2VjcmV0");
}

TEST(LinkProtocol, DecodesResultsAndErrors) {
  Response ok = DecodeSqlResponse(200, R"({"status":"success","took_ms":1.5,"results":[
      {"schema":[{"name":"id","data_type":"BIGINT","index":0},{"name":"body","data_type":"TEXT","index":1}],
       "rows":[["7","hi"],["8",null]],"row_count":2},
      {"row_count":1,"message":"1 row inserted."}]})");
  ASSERT_FALSE(ok.error.has_value());
  ASSERT_EQ(ok.results.size(), 2u);
  EXPECT_TRUE(ok.results[0].has_rows);
  EXPECT_EQ(ok.results[0].columns[1].name, "body");
  EXPECT_EQ(ok.results[0].columns[0].data_type, "BIGINT");
  EXPECT_EQ(ok.results[0].rows[1][0], "8");
  EXPECT_TRUE(ok.results[0].rows[1][1].is_null());
  EXPECT_FALSE(ok.results[1].has_rows);
  EXPECT_EQ(ok.results[1].message, "1 row inserted.");
  EXPECT_DOUBLE_EQ(ok.took_ms, 1.5);

  Response err = DecodeSqlResponse(400, R"({"status":"error","took_ms":0.1,"results":[],"error":{
      "code":"SYNTAX_ERROR","sqlstate":"42601","message":"syntax error at or near \"FORM\"","statement_index":1,"position":10}})");
  ASSERT_TRUE(err.error.has_value());
  EXPECT_EQ(err.error->code, "SYNTAX_ERROR");
  EXPECT_EQ(err.error->sqlstate, "42601");
  EXPECT_EQ(err.error->position, 10);
  EXPECT_EQ(err.error->statement_index, 1);
  EXPECT_EQ(err.error->http_status, 400);

  Response garbage = DecodeSqlResponse(502, "<html>bad gateway</html>");
  ASSERT_TRUE(garbage.error.has_value());
  EXPECT_EQ(garbage.error->code, "PROTOCOL_ERROR");
}

TEST(LinkProtocol, DecodesLoginAndHealth) {
  LoginResult login = DecodeLoginResponse(200, R"({"access_token":"t0k","token_type":"Bearer","expires_at":"2026-11-28T00:00:00Z","user":{"username":"alice","role":"user"}})");
  ASSERT_FALSE(login.error.has_value());
  EXPECT_EQ(login.token, "t0k");
  EXPECT_EQ(login.username, "alice");
  EXPECT_EQ(login.role, "user");
  LoginResult denied = DecodeLoginResponse(401, R"({"status":"error","results":[],"error":{"code":"INVALID_CREDENTIALS","sqlstate":"28P01","message":"password authentication failed for user \"alice\""}})");
  ASSERT_TRUE(denied.error.has_value());
  EXPECT_EQ(denied.error->code, "INVALID_CREDENTIALS");
  Health h = DecodeHealthResponse(200, R"({"status":"healthy","version":"0.1.0","uptime_s":3})");
  EXPECT_FALSE(h.error.has_value());
  EXPECT_EQ(h.version, "0.1.0");
  EXPECT_TRUE(DecodeHealthResponse(503, R"({"status":"unhealthy"})").error.has_value());
}

}  // namespace
}  // namespace kalam::link
