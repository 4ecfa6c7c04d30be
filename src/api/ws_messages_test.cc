#include "api/ws_messages.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::api {
namespace {

TEST(WsMessages, ParsesEveryClientMessage) {
  std::string id;
  ASSERT_OK_AND_ASSIGN(auto ping, ParseWsMessage(R"({"type":"ping"})", &id));
  EXPECT_TRUE(std::holds_alternative<WsPing>(ping));
  ASSERT_OK_AND_ASSIGN(auto token, ParseWsMessage(R"({"type":"authenticate","token":"abc"})", &id));
  EXPECT_EQ(std::get<WsAuthenticate>(token).token, "abc");
  ASSERT_OK_AND_ASSIGN(auto password, ParseWsMessage(R"({"type":"authenticate","username":"u","password":"p"})", &id));
  EXPECT_EQ(std::get<WsAuthenticate>(password).username, "u");
  EXPECT_EQ(std::get<WsAuthenticate>(password).password, "p");
  ASSERT_OK_AND_ASSIGN(auto sub, ParseWsMessage(
      R"({"type":"subscribe","id":"s1","sql":"SELECT * FROM a.b","options":{"last_rows":50,"from_seq":"123","batch_size":10}})", &id));
  const auto& s = std::get<WsSubscribe>(sub);
  EXPECT_EQ(id, "s1");
  EXPECT_EQ(s.sql, "SELECT * FROM a.b");
  EXPECT_EQ(s.last_rows, 50);
  EXPECT_EQ(s.from_seq, 123);
  EXPECT_EQ(s.batch_size, 10);
  EXPECT_EQ(s.options_json, R"({"batch_size":10,"from_seq":"123","last_rows":50})");
  ASSERT_OK_AND_ASSIGN(auto plain, ParseWsMessage(R"({"type":"subscribe","id":"s2","sql":"SELECT 1"})", &id));
  EXPECT_EQ(std::get<WsSubscribe>(plain).batch_size, 1000);
  EXPECT_FALSE(std::get<WsSubscribe>(plain).from_seq.has_value());
  ASSERT_OK_AND_ASSIGN(auto unsub, ParseWsMessage(R"({"type":"unsubscribe","id":"s1"})", &id));
  EXPECT_EQ(std::get<WsUnsubscribe>(unsub).id, "s1");
}

TEST(WsMessages, RefusesMalformedMessagesNamingTheirId) {
  for (const char* bad : {"", "nope", "[]", "{}", R"({"type":1})", R"({"type":"what"})",
                          R"({"type":"authenticate"})", R"({"type":"authenticate","username":"u"})",
                          R"({"type":"subscribe","sql":"SELECT 1"})", R"({"type":"subscribe","id":"x"})",
                          R"({"type":"subscribe","id":"x","sql":"s","options":[]})",
                          R"({"type":"subscribe","id":"x","sql":"s","options":{"from_seq":"12a"}})",
                          R"({"type":"subscribe","id":"x","sql":"s","options":{"last_rows":1.5}})",
                          R"({"type":"subscribe","id":"x","sql":"s","options":{"from_seq":18446744073709551615}})",
                          R"({"type":"unsubscribe"})"}) {
    std::string id;
    SCOPED_TRACE(bad);
    EXPECT_ERROR_CODE(ParseWsMessage(bad, &id), ErrorCode::kInvalidParameter);
  }
  std::string id;
  EXPECT_ERROR_CODE(ParseWsMessage(R"({"type":"subscribe","id":"named"})", &id), ErrorCode::kInvalidParameter);
  EXPECT_EQ(id, "named");
  EXPECT_ERROR_CODE(ParseWsMessage(std::string(10000, '[') + std::string(10000, ']'), &id), ErrorCode::kInvalidParameter);
}

}  // namespace
}  // namespace kalam::api
